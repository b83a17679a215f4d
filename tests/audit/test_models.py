import pytest

from interests_portal.audit.models import AppendOnly, AuditEntry

from .conftest import LUKASZ


def test_the_audit_log_is_append_only(make_entry):
    entry = make_entry(reason="")
    entry.reason = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == ""


def test_saving_an_entry_stores_both_names_folded_for_search(make_entry):
    entry = make_entry(actor_name="Grace Obi", subject_name="Łukasz Wróbel", subject_oid=LUKASZ)
    assert AuditEntry.objects.get(pk=entry.pk).search == "grace obi\nlukasz wrobel"


def test_an_entry_says_what_it_did_in_words(make_entry):
    assert make_entry().what_changed == ["Tags: + Can mentor"]


def test_the_kind_of_change_is_named_without_content(make_entry):
    entry = make_entry(changes={"webUrl": "https://x.example", "allowedAudiences": "me"})
    assert entry.changed_fields == ["Link", "Who can see it"]
    assert make_entry(changes=None).changed_fields == ["Tags"]  # from before and after
