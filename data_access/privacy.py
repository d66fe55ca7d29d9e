"""Personal-data masking (names, phone numbers, ID numbers) for screens and exports below commander rank.

Which columns count as personal data (`mask_frame`):
- phone numbers: phone, duty_phone, contact_phone, leader_phone, mobile
- ID numbers: id_number, id_card
- person names: duty_person, leader, contact, contact_name, person_name, missing_names (a list, 、 or , separated)
- `name` only in a person table, i.e. when the frame has `phone` or `id_number` and no other person-name
  column: `transfer_persons` and `responsible_persons` mask `name`; `rescue_teams` (name + leader + phone),
  `command_units`, `shelters` and the like keep their place and team names.
Pass `columns=` to override. Masking never changes the caller's frame.
"""

from __future__ import annotations

import re

import pandas as pd

UNMASKED_ROLES = ("commander", "admin")
PHONE_COLUMNS = ("phone", "duty_phone", "contact_phone", "leader_phone", "mobile")
ID_COLUMNS = ("id_number", "id_card")
PERSON_NAME_COLUMNS = ("duty_person", "leader", "contact", "contact_name", "person_name")
NAME_LIST_COLUMNS = ("missing_names",)
_NAME_SEPARATORS = re.compile(r"([、,，;；\s]+)")


def _is_text(value) -> bool:
    return isinstance(value, str) and value != ""


def mask_name(name):
    """'张三丰' -> '张**', '张三' -> '张*', '张' -> '*'; non-text (None, NaN) passes through."""
    if not _is_text(name):
        return name
    name = name.strip()
    return "*" if len(name) <= 1 else name[0] + "*" * (len(name) - 1)


def mask_names(names):
    """Each name of a '张三、李四' list masked, separators kept."""
    if not _is_text(names):
        return names
    return "".join(part if _NAME_SEPARATORS.fullmatch(part) or not part else mask_name(part)
                   for part in _NAME_SEPARATORS.split(names))


def mask_phone(phone):
    """'13812345678' -> '138****5678'; other lengths keep the first 3 and last 4 (all hidden when short)."""
    if not _is_text(phone):
        return phone
    phone = phone.strip()
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id(id_number):
    """'331122199001011234' -> '331122********1234' (region code and last 4 kept; birth date hidden)."""
    if not _is_text(id_number):
        return id_number
    id_number = id_number.strip()
    if len(id_number) < 11:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def personal_columns(df: pd.DataFrame) -> dict:
    """{column: masker} for the personal-data columns present in `df` (see the module docstring)."""
    cols = set(df.columns)
    plan = {c: mask_phone for c in PHONE_COLUMNS if c in cols}
    plan |= {c: mask_id for c in ID_COLUMNS if c in cols}
    plan |= {c: mask_name for c in PERSON_NAME_COLUMNS if c in cols}
    plan |= {c: mask_names for c in NAME_LIST_COLUMNS if c in cols}
    is_person_table = bool(cols & {"phone", "id_number"}) and not cols & set(PERSON_NAME_COLUMNS)
    if "name" in cols and is_person_table:
        plan["name"] = mask_name
    return plan


def _masker_for(column: str):
    if column in PHONE_COLUMNS:
        return mask_phone
    if column in ID_COLUMNS:
        return mask_id
    if column in NAME_LIST_COLUMNS:
        return mask_names
    return mask_name


def mask_frame(df: pd.DataFrame, role: str, columns=None) -> pd.DataFrame:
    """A copy of `df` with personal data masked unless `role` is commander or admin.

    `columns` (optional) names the columns to mask instead of the documented defaults; their masker
    follows the column name (phone-like, ID-like, otherwise a name).
    """
    if role in UNMASKED_ROLES:
        return df
    plan = personal_columns(df) if columns is None else {c: _masker_for(c) for c in columns if c in df.columns}
    if not plan:
        return df
    out = df.copy()
    for column, masker in plan.items():
        out[column] = out[column].map(masker)
    return out
