"""Claims of social-media accounts, on both databases: several claimants, a moderator's decision,
one confirmed owner per account, and only confirmed links of verified physicians ever public."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from registry.factories import Person, insert_snapshot
from report_helpers import PASSWORD
from vigie.accounts import handles, identity
from vigie.accounts.services import CurrentUser, create_user
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from vigie.social import normalise_account

ACCOUNT = "instagram.com/dr.elodie.lyon/"


def _physician(
    factory: sessionmaker[Session], settings: Settings, email: str = "doc@example.test"
) -> tuple[CurrentUser, CurrentUser, str]:
    """A reporter whose RPPS a moderator confirmed (so a physician), and that moderator."""
    (rpps,) = insert_snapshot(
        factory, [Person("SYNTHELODIE", "Elodie")], settings.index_dir
    ).identifiers
    with transaction(factory) as session:
        doctor = create_user(session, email, PASSWORD, "reporter")
        moderator = create_user(session, "mod@example.test", PASSWORD, "moderator")
        identity.claim_rpps(session, doctor, rpps)
        identity.confirm_rpps(session, moderator, doctor.id, accept=True)
    return doctor, moderator, rpps


def test_a_claim_is_pending_with_a_code_and_claiming_again_gives_it_back(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        user = create_user(session, "one@example.test", PASSWORD, "reporter")
        first = handles.claim_handle(session, user, "", ACCOUNT)
        again = handles.claim_handle(session, user, "instagram", "@Dr.Elodie.Lyon")
    assert first.status is handles.ClaimStatus.PENDING
    assert first.code.startswith("VIGIE-")
    assert len(first.code) == 12
    assert (first.platform, first.handle) == ("instagram", "dr.elodie.lyon")
    assert again.id == first.id
    assert again.code == first.code


def test_an_impostor_claiming_first_does_not_block_the_owner(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    doctor, moderator, rpps = _physician(session_factory, settings)
    with transaction(session_factory) as session:
        impostor = create_user(session, "impostor@example.test", PASSWORD, "reporter")
        theirs = handles.claim_handle(session, impostor, "", ACCOUNT)
        mine = handles.claim_handle(session, doctor, "", ACCOUNT)
    assert theirs.id != mine.id
    with session_factory() as session:
        pending = {p.claim.id: p for p in handles.pending_handle_claims(session)}
        assert pending[mine.id].other_claims == 1
        assert handles.confirmed_accounts(session, rpps) == []  # nothing public before a decision
    with transaction(session_factory) as session:
        decided = handles.decide_claim(session, moderator, mine.id, accept=True)
    assert decided.status is handles.ClaimStatus.CONFIRMED
    with session_factory() as session:
        owner = handles.confirmed_owner(session, normalise_account("", ACCOUNT))
        assert owner is not None
        assert owner.rpps == rpps
        assert [a.handle for a in handles.confirmed_accounts(session, rpps)] == ["dr.elodie.lyon"]
        # the impostor's claim was rejected by the confirmation of the real owner's
        assert handles.claims_of(session, impostor.id)[0].status is handles.ClaimStatus.REJECTED


def test_a_claim_of_someone_without_a_confirmed_rpps_cannot_be_confirmed(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _doctor, moderator, _rpps = _physician(session_factory, settings)
    with transaction(session_factory) as session:
        reporter = create_user(session, "rep@example.test", PASSWORD, "reporter")
        claim = handles.claim_handle(session, reporter, "", ACCOUNT)
    with pytest.raises(InvalidInput, match="RPPS"), transaction(session_factory) as session:
        handles.decide_claim(session, moderator, claim.id, accept=True)


def test_only_moderators_decide_and_only_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    doctor, moderator, _rpps = _physician(session_factory, settings)
    with transaction(session_factory) as session:
        claim = handles.claim_handle(session, doctor, "", ACCOUNT)
    with pytest.raises(PermissionDenied), transaction(session_factory) as session:
        handles.decide_claim(session, doctor, claim.id, accept=True)
    with transaction(session_factory) as session:
        handles.decide_claim(session, moderator, claim.id, accept=False)
    with pytest.raises(InvalidInput), transaction(session_factory) as session:
        handles.decide_claim(session, moderator, claim.id, accept=True)
    with pytest.raises(NotFound), transaction(session_factory) as session:
        handles.decide_claim(session, moderator, 999_999, accept=True)
    with transaction(session_factory) as session:  # claiming a rejected account again: new code
        again = handles.claim_handle(session, doctor, "", ACCOUNT)
    assert again.status is handles.ClaimStatus.PENDING
    assert again.code != claim.code


def test_one_confirmed_owner_per_account(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    doctor, moderator, _rpps = _physician(session_factory, settings)
    (other_rpps,) = insert_snapshot(
        session_factory, [Person("SYNTHAUTRE", "Berthe")], settings.index_dir
    ).identifiers
    with transaction(session_factory) as session:
        other = create_user(session, "other@example.test", PASSWORD, "reporter")
        identity.claim_rpps(session, other, other_rpps)
        identity.confirm_rpps(session, moderator, other.id, accept=True)
        first = handles.claim_handle(session, doctor, "", ACCOUNT)
        handles.decide_claim(session, moderator, first.id, accept=True)
    with transaction(session_factory) as session:
        late = handles.claim_handle(session, other, "", ACCOUNT)  # claiming stays possible
    with pytest.raises(Conflict), transaction(session_factory) as session:
        handles.decide_claim(session, moderator, late.id, accept=True)


def test_withdrawing_removes_the_public_link_and_evidence_needs_ones_own_claim(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    doctor, moderator, rpps = _physician(session_factory, settings)
    with transaction(session_factory) as session:
        other = create_user(session, "other@example.test", PASSWORD, "reporter")
        claim = handles.claim_handle(session, doctor, "", ACCOUNT)
    with pytest.raises(NotFound), transaction(session_factory) as session:
        handles.attach_evidence(session, other, claim.id, "0" * 64, "image/png")
    with transaction(session_factory) as session:
        shot = handles.attach_evidence(session, doctor, claim.id, "0" * 64, "image/png")
        handles.decide_claim(session, moderator, claim.id, accept=True)
    assert shot.has_evidence
    with transaction(session_factory) as session:
        handles.withdraw_claim(session, doctor, claim.id)
    with session_factory() as session:
        assert handles.confirmed_accounts(session, rpps) == []
