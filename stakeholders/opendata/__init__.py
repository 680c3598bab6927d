"""Open data of a review's portal: the "Open data" page and its downloads.

What the public part of a review holds, as files anyone may reuse under the licence the
coordinator set on the portal (`Portal.licence_info`): the final report's details (JSON,
CSV), "you said, we did" (JSON, CSV: only what the public outcome pages show, never who
wrote a contribution or how to reach them), the country's indicator data that the portal's
data pages show (JSON, CSV, and an Open SDG data folder as a zip). Open exactly when the
portal is (`stakeholders.view_portal`), 404 otherwise.

It builds on uptake's reads ("you said, we did"), so it sits above uptake and
inclusiveness, which never import it.
"""
