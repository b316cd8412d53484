"""Staff accounts in the archive: named by user name on export, matched by it on restore.

The archive says who did what (created an article or a correction, saved a version, moved an
article through the workflow, resolved an import warning) by the account's user name, never
its id, password or groups. A name that has no account where the archive is restored gets
one that cannot log in: inactive, without a usable password, groups or staff status.
"""

from collections import Counter

from django.contrib.auth import get_user_model


def user_fields(model) -> list:
    """``model``'s columns that refer to an account, found by looking at the model, so a new
    one is archived by name without being listed anywhere."""
    user = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user]


def fields_by_label(models) -> dict[str, list[str]]:
    """The account fields of each of ``models``, by the label serialised rows carry."""
    return {m._meta.label_lower: [f.name for f in user_fields(m)] for m in models}


def name_accounts(objects: list[dict], models) -> tuple[list[str], Counter]:
    """Put the user name in place of each account id in the serialised rows ``objects``.

    Returns the names, and per field (``articles.HistoricalArticle.created_by``) how many
    references had no account left to name: history rows keep the id of an account deleted
    since, and those are written empty.
    """
    user = get_user_model()
    names = dict(user._base_manager.values_list("pk", user.USERNAME_FIELD))
    fields = fields_by_label(models)
    labels = {m._meta.label_lower: m._meta.label for m in models}
    named, lost = set(), Counter()
    for row in objects:
        for field in fields[row["model"]]:
            account = row["fields"].get(field)
            if account is None:
                continue
            row["fields"][field] = names.get(account)
            if account in names:
                named.add(names[account])
            else:
                lost[f"{labels[row['model']]}.{field}"] += 1
    return sorted(named), lost


def named_accounts(objects: list[dict], models) -> set[str]:
    """The user names the archive's rows give; ``ValueError`` for a value that is no name."""
    user = get_user_model()
    longest = user._meta.get_field(user.USERNAME_FIELD).max_length
    fields = fields_by_label(models)
    labels = {m._meta.label_lower: m._meta.label for m in models}
    names = set()
    for row in objects:
        for field in fields[row["model"]]:
            name = row["fields"].get(field)
            if name is None:
                continue
            if not isinstance(name, str) or not name or len(name) > longest:
                raise ValueError(
                    f"{labels[row['model']]} {row.get('pk')}: {field} should be a user name, "
                    f"not {name!r}"
                )
            names.add(name)
    return names


def find_or_create_accounts(names: set[str]) -> tuple[dict[str, int], list[str]]:
    """The id of the account of each name, and the names that had none and now have one
    made for them: inactive, with an unusable password, no groups, not staff."""
    user = get_user_model()
    ids = {
        name: pk
        for pk, name in user._base_manager.values_list("pk", user.USERNAME_FIELD)
        if name in names
    }
    created = sorted(names - ids.keys())
    for name in created:
        account = user(**{user.USERNAME_FIELD: name, "is_active": False})
        account.set_unusable_password()
        account.save()
        ids[name] = account.pk
    return ids, created


def refer_by_id(objects: list[dict], models, ids: dict[str, int]) -> None:
    """Put the account id in place of each user name in the rows ``objects``."""
    fields = fields_by_label(models)
    for row in objects:
        for field in fields[row["model"]]:
            name = row["fields"].get(field)
            if name is not None:
                row["fields"][field] = ids[name]
