"""Every person's own settings: the language and time zone the portal speaks to them in.

`Profile` (app `vnr_portal`) sits beside Django's user, one per account. Read it with
`selectors.profile_for(user)` / `selectors.user_language(user)`; render anything meant for
one person inside `services.in_language_of(user)`. This package imports no app of ours.
"""
