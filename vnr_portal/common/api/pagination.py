"""Cursor pagination: a fixed number of queries whatever the page (no COUNT), stable under
inserts; a tampered cursor is a JSON 404 ("Invalid cursor")."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"
