"""Who may change what in the paper: the one place every write path asks.

Admin forms, inlines, actions, the history views and their revert, the import (from the
admin and the command), uploads and the user admin each ask these functions; none decides
for itself. Model permissions (``articles.change_article`` …) say what a role may do to a
kind of thing; the rules here add whose thing it is and what state it is in.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from .states import TRANSITIONS, ArticleStatus

EDIT_ANY_ARTICLE = "articles.edit_any_article"
PUBLISH_ISSUE = "articles.publish_issue"
IMPORT_PERMISSIONS = (
    "articles.add_issue",
    "articles.change_issue",
    "articles.add_article",
    "articles.change_article",
)


def may_edit_any_article(user) -> bool:
    """Editors and the chief editor edit every article, whoever wrote it, in any state."""
    return user.has_perm(EDIT_ANY_ARTICLE)


def may_edit_article(user, article) -> bool:
    """Editors edit any article; a reporter only a draft they created.

    Everything that belongs to one article (its bylines, its photo, a revert of it to an
    earlier version) is edited under the same rule.
    """
    if not user.has_perm("articles.change_article"):
        return False
    if may_edit_any_article(user):
        return True
    return article.created_by_id == user.pk and article.status == ArticleStatus.DRAFT


def editable_articles(user, articles):
    """``articles`` narrowed to those ``may_edit_article`` lets ``user`` edit: the same rule,
    as a query, for choices and lists."""
    if not user.has_perm("articles.change_article"):
        return articles.none()
    if may_edit_any_article(user):
        return articles
    return articles.filter(created_by=user.pk, status=ArticleStatus.DRAFT)


def may_transition(user, article, name: str) -> bool:
    """Whether ``user`` may take the workflow step ``name`` from the article's present state."""
    transition = TRANSITIONS[name]
    return (
        article.status in transition.sources
        and user.has_perm(transition.permission)
        # Submitting is the writer's step: a reporter submits only their own draft.
        and (name != "submit" or may_edit_article(user, article))
    )


def may_make_up_issues(user) -> bool:
    """Editors make up an issue (its pages, the order of its articles): they change issues
    and may edit every article in them."""
    return user.has_perm("articles.change_issue") and may_edit_any_article(user)


def may_publish_issues(user) -> bool:
    """The chief editor decides when whole issues are public: publishing, unpublishing,
    setting an issue's state or time, importing an issue as published."""
    return user.has_perm(PUBLISH_ISSUE)


def may_import(user, *, published: bool = False) -> bool:
    """Editors import issue files as drafts; only who publishes whole issues imports them
    published."""
    return user.has_perms(IMPORT_PERMISSIONS) and (not published or may_publish_issues(user))


def may_replace_on_import(user) -> bool:
    """An import that would remove or re-point work done since needs someone who may delete
    articles to confirm it."""
    return may_import(user) and user.has_perm("articles.delete_article")


def manageable_accounts(user, accounts):
    """The staff ``accounts`` ``user`` may manage: a superuser all, anyone else only those
    with no right ``user`` lacks, directly or by a group (active or not: an account can be
    switched on again). Otherwise setting its password would make them its holder."""
    if user.is_superuser:
        return accounts
    held = Permission.objects.filter(Q(user=user) | Q(group__user=user))
    beyond = Permission.objects.exclude(pk__in=held.values("pk"))
    return accounts.filter(is_superuser=False).exclude(
        Q(user_permissions__in=beyond) | Q(groups__permissions__in=beyond)
    )


def may_manage_user(user, account) -> bool:
    """Whether ``user`` may change, delete or set the password of ``account``
    (``manageable_accounts``)."""
    accounts = type(account)._default_manager.filter(pk=account.pk)
    return manageable_accounts(user, accounts).exists()


def grantable_groups(user, groups):
    """The ``groups`` whose every permission ``user`` holds: nobody hands out more than that."""
    if user.is_superuser:
        return groups
    held = user.get_all_permissions()
    return groups.filter(
        pk__in=[
            group.pk
            for group in groups.prefetch_related("permissions__content_type")
            if {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} <= held
        ]
    )


def may_upload_editor_images(user) -> bool:
    """Pictures go into articles' text: whoever may write an article may upload one."""
    return user.has_perm("articles.add_article") or user.has_perm("articles.change_article")
