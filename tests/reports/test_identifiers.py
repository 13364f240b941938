"""Linked identifiers of cases on both databases: recorded as reports are filed, proposed for merge
when two open cases share a number (or one names the other's account), moved by merge and split,
rebuilt by the backfill, and never part of what the public or a dossier sees."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.reports import identifiers, merging
from vigie.reports.case_view import case_detail
from vigie.reports.cases import transition
from vigie.reports.identifiers import CaseIdentifier
from vigie.reports.intake import file_and_analyse
from vigie.reports.schemas import ReportInput
from vigie.reports.schemas_dossier import DossierCase
from vigie.reports.services import FiledReport, public_account_summary

MODERATOR = CurrentUser(id=1, email="moderatrice@example.test", role="moderator")
NUMBER = "+33612345678"


def _file(
    factory: sessionmaker[Session],
    settings: Settings,
    account: str,
    *,
    posts: tuple[str, ...] = (),
    description: str = "",
    links: tuple[str, ...] = (),
    platform: str = "instagram",
) -> FiledReport:
    report = ReportInput(
        platform=platform,
        account=account,
        post_texts=list(posts),
        description=description,
        links=list(links),
    )
    return file_and_analyse(factory, settings, report, [])


def _case(factory: sessionmaker[Session], case_id: int) -> dict:  # type: ignore[type-arg]
    with factory() as session:
        return case_detail(session, case_id, reporter_identity=False).model_dump(mode="json")


def test_filing_records_identifiers_with_where_they_were_found(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    filed = _file(
        session_factory,
        settings,
        "@lips.by.sarah",
        posts=("Promo lèvres 150€ ✨ WhatsApp 06 12 34 56 78",),
        description="Elle m'a donné son snap : sarah_inj75 le 12/03/2024.",
        links=("https://wa.me/33612345678",),
    )
    found = {
        (i["source"], i["field"], i["item"], i["platform"], i["handle"], i["excerpt"])
        for i in _case(session_factory, filed.case_id)["identifiers"]
    }
    assert found == {
        ("account", "account", 0, "instagram", "lips.by.sarah", "@lips.by.sarah"),
        ("post", "post_texts", 0, "whatsapp", NUMBER, "06 12 34 56 78"),
        ("report", "description", 0, "snapchat", "sarah_inj75", "sarah_inj75"),
        ("report", "links", 0, "whatsapp", NUMBER, "https://wa.me/33612345678"),
    }
    post = next(
        i for i in _case(session_factory, filed.case_id)["identifiers"] if i["source"] == "post"
    )
    text = "Promo lèvres 150€ ✨ WhatsApp 06 12 34 56 78"
    assert text[post["start"] : post["end"]] == "06 12 34 56 78"
    assert post["shown"] == "+33 6 12 34 56 78"
    assert post["kind"] == "number"


def test_two_cases_sharing_a_whatsapp_number_are_proposed_and_merged(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    first = _file(session_factory, settings, "@lips.by.sarah", posts=("RDV wa.me/33612345678",))
    second = _file(session_factory, settings, "@sarah.injections", posts=("📲 06 12 34 56 78",))
    unrelated = _file(session_factory, settings, "@autre.compte", posts=("07 98 76 54 32",))
    proposals = _case(session_factory, second.case_id)["merge_proposals"]
    assert [(p["case_id"], p["reason"], p["label"]) for p in proposals] == [
        (first.case_id, "same_number", f"même numéro que le dossier {first.case_id}")
    ]
    assert proposals[0]["shared"] == [
        {"key": f"tel:{NUMBER}", "kind": "number", "shown": "+33 6 12 34 56 78"}
    ]
    assert proposals[0]["accounts"] == ["instagram:@lips.by.sarah"]
    assert _case(session_factory, unrelated.case_id)["merge_proposals"] == []

    with transaction(session_factory) as session:
        merging.merge(session, MODERATOR, second.case_id, first.case_id, "même numéro")
    merged = _case(session_factory, second.case_id)
    assert merged["merge_proposals"] == []
    assert {i["handle"] for i in merged["identifiers"]} == {
        "lips.by.sarah",
        "sarah.injections",
        NUMBER,
    }
    assert _case(session_factory, first.case_id)["identifiers"] == []
    assert [e["kind"] for e in merged["events"]][-1] == "merged_in"


def test_a_case_naming_another_cases_account_is_proposed_but_a_shared_tag_is_not(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    named = _file(session_factory, settings, "@lips.by.sarah", posts=("Produits @juvederm 💉",))
    naming = _file(
        session_factory,
        settings,
        "@sarah.backup",
        posts=("Mon ancien compte @lips.by.sarah a été bloqué. Produits @juvederm",),
    )
    stranger = _file(session_factory, settings, "@autre.injectrice", posts=("Merci @juvederm",))
    proposals = _case(session_factory, naming.case_id)["merge_proposals"]
    assert [(p["case_id"], p["reason"]) for p in proposals] == [(named.case_id, "same_account")]
    assert proposals[0]["label"] == f"même compte que le dossier {named.case_id}"
    # Both ways: the named case sees the case that names it.
    assert [p["case_id"] for p in _case(session_factory, named.case_id)["merge_proposals"]] == [
        naming.case_id
    ]
    assert _case(session_factory, stranger.case_id)["merge_proposals"] == []


def test_closed_and_merged_cases_are_not_proposed(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    closed = _file(session_factory, settings, "@ferme.compte", posts=("WhatsApp 0612345678",))
    other = _file(session_factory, settings, "@ouvert.compte", posts=("wa.me/33612345678",))
    with transaction(session_factory) as session:
        transition(session, MODERATOR, closed.case_id, to="closed", outcome="unfounded")
    assert _case(session_factory, other.case_id)["merge_proposals"] == []
    assert _case(session_factory, closed.case_id)["merge_proposals"] == []
    assert _case(session_factory, closed.case_id)["identifiers"]  # still listed, for the record


def test_split_keeps_each_accounts_identifiers_with_it(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    a = _file(session_factory, settings, "@compte.a", posts=("WhatsApp 06 12 34 56 78",))
    b = _file(session_factory, settings, "@compte.b", posts=("snap : compte_b2",))
    with transaction(session_factory) as session:
        merging.merge(session, MODERATOR, a.case_id, b.case_id)
    with transaction(session_factory) as session:
        out = merging.split(session, MODERATOR, b.report_id)
    kept = {i["handle"] for i in _case(session_factory, a.case_id)["identifiers"]}
    moved = {i["handle"] for i in _case(session_factory, out.case_id)["identifiers"]}
    assert kept == {"compte.a", NUMBER}
    assert moved == {"compte.b", "compte_b2"}


def test_a_phone_account_and_a_number_in_a_post_are_one_number(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    phone = _file(session_factory, settings, "06 12 34 56 78", platform="whatsapp")
    insta = _file(session_factory, settings, "@lips.promo", posts=("tel : +33 6 12 34 56 78",))
    proposals = _case(session_factory, insta.case_id)["merge_proposals"]
    assert [(p["case_id"], p["reason"]) for p in proposals] == [(phone.case_id, "same_number")]


def test_rebuild_recomputes_every_case(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    first = _file(session_factory, settings, "@lips.by.sarah", posts=("WhatsApp 0612345678",))
    _file(session_factory, settings, "@lips.by.sarah", description="wa.me/33612345678")
    with transaction(session_factory) as session:
        before = sorted(
            (r.report_id or 0, r.source, r.match_key, r.span_start)
            for r in session.scalars(select(CaseIdentifier))
        )
        session.execute(CaseIdentifier.__table__.delete())
    with transaction(session_factory) as session:
        assert identifiers.counts(session) == (0, 0)
        assert identifiers.rebuild(session) == (2, 3)
    with transaction(session_factory) as session:
        after = sorted(
            (r.report_id or 0, r.source, r.match_key, r.span_start)
            for r in session.scalars(select(CaseIdentifier))
        )
        assert after == before
        assert identifiers.counts(session) == (3, 1)
    assert len(_case(session_factory, first.case_id)["identifiers"]) == 3


def test_identifiers_are_not_public_nor_in_dossiers(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    _file(session_factory, settings, "@lips.by.sarah", posts=("WhatsApp 06 12 34 56 78",))
    filed = _file(session_factory, settings, "@sarah.two", posts=("wa.me/33612345678",))
    assert _case(session_factory, filed.case_id)["merge_proposals"]
    with session_factory() as session:
        summary = public_account_summary(session, "@sarah.two", "instagram")
    assert summary is not None
    assert "612345678" not in repr(summary)
    assert "dossier" not in repr(summary)
    # A dossier's case part is its own shape: what moderators link is not sent to authorities.
    assert not {"identifiers", "merge_proposals"} & set(DossierCase.model_fields)
