"""The survey's part in merging and deleting organizations (see ``add_organization_hooks``).

* Merging: the merged unit's answer versions move to the survivor as later versions (after the
  survivor's own, in their order, so nothing is lost and the merged unit's latest answers are
  current), and its hand-made invitation changes follow unless the survivor has its own.
* Deleting: refused while the unit has answers in any survey — an organiser deleting a unit added
  by hand would lose what it sent; merging it into the right unit keeps them. A unit that only
  was invited by hand loses its invitation with it.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Organization
from confman.core.registration.organizations import OrganizationHooks, add_organization_hooks
from confman.core.survey.models import Survey, SurveyResponse, SurveyUnit

CHANGED = ("survey", "survey_responses", "survey_units")


def move_answers_to_survivor(session: Session, survivor_id: int, merged_id: int) -> tuple[str, ...]:
    """Give ``survivor_id`` the answer versions and invitation changes of ``merged_id`` (in the caller's
    unit of work, before ``merged_id`` is deleted); returns the kinds of data changed."""
    moved = 0
    surveys = session.scalars(select(SurveyResponse.survey_id).where(
        SurveyResponse.organization_id == merged_id).distinct()).all()
    for survey_id in surveys:
        top = session.scalar(select(func.max(SurveyResponse.version)).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.organization_id == survivor_id)) or 0
        result = session.execute(update(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.organization_id == merged_id)
            .values(organization_id=survivor_id, version=SurveyResponse.version + top)
            .execution_options(synchronize_session="fetch"))
        moved += result.rowcount or 0
        event_id = session.scalar(select(Survey.event_id).where(Survey.id == survey_id))
        record_audit(session, entity="survey_unit", entity_id=survivor_id, action="merge",
                     changes={"from_organization_id": merged_id, "to_organization_id": survivor_id,
                              "after_version": top}, event_id=event_id)
    taken = select(SurveyUnit.survey_id).where(SurveyUnit.organization_id == survivor_id)
    invitations = session.execute(update(SurveyUnit).where(SurveyUnit.organization_id == merged_id,
                                                           SurveyUnit.survey_id.not_in(taken))
                                  .values(organization_id=survivor_id).execution_options(synchronize_session="fetch"))
    return CHANGED if moved or invitations.rowcount else ()


def refuse_deleting_a_unit_with_answers(session: Session, organization: Organization) -> tuple[str, ...]:
    """Raise ``survey.unit_has_answers`` (naming the unit and the events) when it has answered a survey."""
    rows = session.execute(
        select(Event.code, func.count(SurveyResponse.id))
        .join(Survey, Survey.id == SurveyResponse.survey_id).join(Event, Event.id == Survey.event_id)
        .where(SurveyResponse.organization_id == organization.id)
        .group_by(Event.code).order_by(Event.code)).all()
    if rows:
        raise DomainError("survey.unit_has_answers", name=organization.name,
                          count=sum(int(n) for _code, n in rows), events=", ".join(code for code, _n in rows))
    invited = session.scalar(select(func.count(SurveyUnit.id)).where(SurveyUnit.organization_id == organization.id))
    return CHANGED if invited else ()


HOOKS = OrganizationHooks(merged=move_answers_to_survivor, deleting=refuse_deleting_a_unit_with_answers)
add_organization_hooks(HOOKS)
