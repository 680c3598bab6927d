"""The site's name and absolute links in templates, e-mails above all:
`{% load portal_site %}{% site_name %} {% site_url %} {% absolute_url 'reviews:dashboard' %}`."""

from django import template

from vnr_portal.common import site

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return site.site_name()


@register.simple_tag
def site_url() -> str:
    return site.site_url()


@register.simple_tag
def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    return site.absolute_url(path_or_name, *args, **kwargs)
