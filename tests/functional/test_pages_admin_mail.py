"""The moderators' e-mail pages over HTTP on both databases: a moderator opts out of the urgent
alerts; an admin sees a given-up e-mail with its recipient masked and puts it back in the queue
(CSRF, audited; a second click is a French 409); a moderator may not."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from report_helpers import csrf_token_of, factory_of, make_actor, sign_in
from vigie.accounts.models import User
from vigie.db.engine import transaction
from vigie.reports.models_mail import OutboxRetry
from vigie.reports.moderator_mail import preference
from vigie.reports.outbox import OutboxMessage, enqueue

PAGE = "/moderation/courriels"
FAILURES = "/moderation/courriels/echecs"


def test_a_moderator_opts_out_of_urgent_alerts(client: TestClient) -> None:
    actor = make_actor(factory_of(client), "moderator", "ana@example.test")
    sign_in(client, actor.email)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert page.text.count("checked") == 2  # both wanted by default
    assert FAILURES not in page.text  # an admin's page
    saved = client.post(
        PAGE,
        data={"digest": "1", "csrf_token": csrf_token_of(client, PAGE)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "Vos choix sont enregistrés" in client.get(saved.headers["location"]).text
    with factory_of(client)() as session:
        uid = session.scalar(select(User.id).where(User.email == actor.email))
        assert uid is not None
        chosen = preference(session, uid)
    assert (chosen.urgent, chosen.digest) == (False, True)


def test_a_forged_post_is_refused(client: TestClient) -> None:
    actor = make_actor(factory_of(client), "moderator", "bea@example.test")
    sign_in(client, actor.email)
    assert client.post(PAGE, data={"digest": "1"}, follow_redirects=False).status_code == 403


def test_an_admin_retries_a_given_up_mail(client: TestClient) -> None:
    factory = factory_of(client)
    with transaction(factory) as session:
        enqueue(session, "k-lost", "destinataire.perdu@example.test", "case_update", {})
        session.execute(
            update(OutboxMessage).values(
                gave_up=True, attempts=8, last_error="SMTPRecipientsRefused: 550 <b>x</b>"
            )
        )
        message_id = session.scalar(select(OutboxMessage.id))
    admin = make_actor(factory, "admin", "chef@example.test")
    sign_in(client, admin.email)
    listed = client.get(FAILURES)
    assert listed.status_code == 200
    assert "de…@e….test" in listed.text
    assert "destinataire.perdu" not in listed.text
    assert "SMTPRecipientsRefused: 550 &lt;b&gt;x&lt;/b&gt;" in listed.text  # escaped
    action = f"{FAILURES}/{message_id}/relancer"
    token = csrf_token_of(client, FAILURES)
    done = client.post(action, data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert "E-mail remis dans la file" in client.get(done.headers["location"]).text
    again = client.post(action, data={"csrf_token": token})
    assert again.status_code == 409
    assert "déjà été relancé ou envoyé" in again.text
    assert client.post(f"{FAILURES}/999999/relancer", data={"csrf_token": token}).status_code == 404
    with factory() as session:
        audit = session.scalars(select(OutboxRetry)).one()
        row = session.get(OutboxMessage, message_id)
        assert row is not None
    assert (audit.actor, audit.attempts_before) == ("chef@example.test", 8)
    assert (row.gave_up, row.attempts) == (False, 0)


def test_a_moderator_may_not_see_given_up_mail(client: TestClient) -> None:
    actor = make_actor(factory_of(client), "moderator", "cleo@example.test")
    sign_in(client, actor.email)
    assert client.get(FAILURES).status_code == 403
