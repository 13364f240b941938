"""Verify: "may this person inject me?" — the service behind ``vigie verify`` and the API.

``verify`` reads a free query (number or name, maybe a city), searches the current snapshot, and
returns ranked candidates, each with a verdict per act. ``practitioner_by_identifier`` is the exact
lookup used by pages and cross-checks. Both answer from the current snapshot only and quote its
extraction date (the data licence requires the source and date to be shown).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from vigie.config import Settings
from vigie.errors import InvalidInput, NotFound
from vigie.registry.identifiers import IdentifierCheck, check_identifier
from vigie.registry.schemas_verify import (
    Candidate,
    IdentifierCheckOut,
    ParsedOut,
    VerdictOut,
    Verdicts,
    VerifyResult,
)
from vigie.registry.search.current import SnapshotInfo, current_index
from vigie.registry.search.hydrate import candidate_by_identifier, candidates_by_keys
from vigie.registry.search.inputs import SearchRequest, read_request
from vigie.registry.search.name_search import MATCH_THRESHOLD, namesakes, search_names
from vigie.registry.search.places import PlaceFilter
from vigie.registry.search.query import ParsedQuery, parse_query
from vigie.registry.search.scoring import SearchHits
from vigie.registry.search.snapshot_index import SnapshotIndex
from vigie.registry.verdict import format_date, not_found_verdicts


def verify(
    session: Session,
    settings: Settings,
    query: str,
    *,
    city: str | None = None,
    postcode: str | None = None,
    department: str | None = None,
    profession: str | None = None,
    limit: int = 10,
) -> VerifyResult:
    """Candidates for a free query, best first, each with its per-act verdicts."""
    request = read_request(settings, query, city, postcode, department, profession, limit)
    parsed = parse_query(request.query)
    if parsed.identifier is not None:
        return _by_identifier(session, settings, request, parsed)
    return _by_name(session, settings, request)


def practitioner_by_identifier(session: Session, settings: Settings, identifier: str) -> Candidate:
    """The practitioner with this RPPS / ADELI number; ``InvalidInput`` or ``NotFound`` otherwise."""
    check = check_identifier(identifier[:64])
    if check is None:
        raise InvalidInput("Ce n'est pas un numéro RPPS (11 chiffres) ni ADELI (9 chiffres).")
    if not check.valid:
        raise InvalidInput(check.reason, details={"value": check.value})
    info, index = current_index(session, settings)
    found = candidate_by_identifier(index, info, check.value)
    if found is None:
        raise NotFound(
            f"Aucun praticien avec ce numéro dans le registre public RPPS (extraction du "
            f"{format_date(info.source_date)}). Un médecin peut avoir demandé à ne pas figurer "
            "dans la diffusion publique.",
            details={"identifier": check.value},
        )
    return found


def _by_identifier(
    session: Session, settings: Settings, request: SearchRequest, parsed: ParsedQuery
) -> VerifyResult:
    check = check_identifier(parsed.identifier or "")
    if check is None:  # unreachable: parse_query only returns digit runs
        raise InvalidInput("Numéro illisible.", details={"field": "query"})
    info, index = current_index(session, settings)
    found = candidate_by_identifier(index, info, check.value) if check.valid else None
    candidates = [found] if found else []
    message = check.reason if not check.valid else ""
    return _result(
        request, info, _parsed_out(parsed, "identifier"), candidates, check=check, message=message
    )


def _by_name(session: Session, settings: Settings, request: SearchRequest) -> VerifyResult:
    info, index = current_index(session, settings)
    parsed = parse_query(request.query, index.city_ids)
    place = PlaceFilter(
        city=request.city or parsed.city,
        postcode=request.postcode or parsed.postcode,
        department=request.department or parsed.department,
        profession=request.profession,
    )
    if not parsed.name_tokens:
        message = "Tapez un nom et un prénom, ou un numéro RPPS."
        return _result(request, info, _parsed_out(parsed, "empty"), [], message=message)
    parsed, place, hits = _search(index, settings, request, parsed, place)
    if len(hits.positions):
        best = int(hits.positions[0])
        counted = namesakes(index, parsed.name_tokens, best, place)
        hits = replace(hits, homonyms=max(counted, 1))
    keys = [index.person_key(int(p)) for p in hits.positions]
    candidates = candidates_by_keys(session, info, keys, [float(s) for s in hits.scores])
    result = _result(request, info, _parsed_out(parsed, "name", place), candidates)
    result.total_matches, result.homonyms = hits.total_matches, hits.homonyms
    result.truncated = hits.truncated
    result.message = _name_message(parsed, place, hits) or result.message
    return result


def _search(
    index: SnapshotIndex,
    settings: Settings,
    request: SearchRequest,
    parsed: ParsedQuery,
    place: PlaceFilter,
) -> tuple[ParsedQuery, PlaceFilter, SearchHits]:
    """Search; when the query's last words were read as a city, also try them as a name.

    ``Martin Lyon`` is a surname and a city, ``Martin Nancy`` may be two names: the reading with
    the better best match wins. When neither names anyone, the person may practise elsewhere than
    the city typed: the name alone, anywhere (``Élodie Bellamy Brest`` for a physician of Lyon).
    """
    budget = settings.search_time_budget_ms / 1000
    hits = search_names(index, parsed.name_tokens, place, limit=request.limit, budget_s=budget)
    ambiguous = len(parsed.name_tokens) < 2 or _best(hits) < MATCH_THRESHOLD
    if not (parsed.city and not request.city and ambiguous):
        return parsed, place, hits
    unplaced = parse_query(request.query)
    wider = PlaceFilter(None, place.postcode, place.department, place.profession)
    retry = search_names(index, unplaced.name_tokens, wider, limit=request.limit, budget_s=budget)
    best = (unplaced, wider, retry) if _best(retry) > _best(hits) else (parsed, place, hits)
    if _best(best[2]) >= MATCH_THRESHOLD or len(parsed.name_tokens) < 2:
        return best
    anywhere = search_names(index, parsed.name_tokens, wider, limit=request.limit, budget_s=budget)
    if _best(anywhere) > _best(best[2]):
        return replace(parsed, city=None), wider, anywhere
    return best


def _name_message(parsed: ParsedQuery, place: PlaceFilter, hits: SearchHits) -> str:
    """What to add to the query when the name alone cannot tell people apart."""
    if len(parsed.name_tokens) < 2 and hits.total_matches > 1:
        count = "plus de 1 000" if hits.total_matches >= 1000 else str(hits.total_matches)
        return f"Un seul nom, {count} personnes possibles : ajoutez le prénom et la ville."
    if hits.homonyms > 1 and not (place.city or place.postcode or place.department):
        return f"{hits.homonyms} personnes portent ce nom : précisez la ville."
    return ""


def _best(hits: SearchHits) -> float:
    return float(hits.scores[0]) if len(hits.scores) else 0.0


def _result(
    request: SearchRequest,
    info: SnapshotInfo,
    parsed: ParsedOut,
    candidates: list[Candidate],
    *,
    check: IdentifierCheck | None = None,
    message: str = "",
) -> VerifyResult:
    missing = None
    if not candidates:
        verdicts = not_found_verdicts(info.source_date, by_number=parsed.kind == "identifier")
        missing = Verdicts(**{act.value: VerdictOut.of(v) for act, v in verdicts.items()})
        if parsed.kind != "empty":
            message = message or missing.ha_filler.explanation
    return VerifyResult(
        query=request.query,
        source_date=info.source_date,
        snapshot_id=info.id,
        identifier_check=_check_out(check),
        candidates=candidates,
        total_matches=len(candidates),
        homonyms=1 if candidates else 0,
        truncated=False,
        parsed=parsed,
        not_found_verdicts=missing,
        message=message,
    )


def _check_out(check: IdentifierCheck | None) -> IdentifierCheckOut | None:
    if check is None:
        return None
    kind = check.type.value if check.type else None
    return IdentifierCheckOut(value=check.value, valid=check.valid, reason=check.reason, type=kind)


def _parsed_out(parsed: ParsedQuery, kind: str, place: PlaceFilter | None = None) -> ParsedOut:
    place = place or PlaceFilter(parsed.city, parsed.postcode, parsed.department)
    return ParsedOut.model_validate(
        {
            "kind": kind,
            "name": parsed.name_text,
            "title": parsed.title,
            "identifier": parsed.identifier,
            "city": place.city,
            "postcode": place.postcode,
            "department": place.department,
            "profession": place.profession,
        }
    )
