"""Surveys: their definitions, texts, and the texts still missing per language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import AfterValidator

from cxm.surveys import service as survey_service
from cxm.surveys.definitions import Survey
from cxm.surveys.service import SurveyNotFound
from cxm.web.api.common import ApiRoute, not_found
from cxm.web.api.fields import checked
from cxm.web.api.schemas import SurveyDetail, SurveyOut
from cxm.web.deps import state

router = APIRouter(tags=["surveys"], route_class=ApiRoute)
SurveyKey = Annotated[str, Path(min_length=1, max_length=64), AfterValidator(checked)]


def _languages(survey: Survey) -> tuple[str, ...]:
    """The languages a survey should speak: cxm's built-in ones and any it has texts in."""
    try:
        from cxm.surveys.templates import LANGUAGES
    except ImportError:  # the built-in templates are optional
        LANGUAGES = ()
    return tuple(dict.fromkeys((*LANGUAGES, survey.default_language, *sorted(survey.texts))))


def survey_out(survey: Survey, cls: type[SurveyOut] = SurveyOut, **extra: Any) -> Any:
    fields = {f: getattr(survey, f) for f in SurveyOut.model_fields if f != "checklist"}
    return cls(**fields, checklist=list(survey.checklist), **extra)


@router.get("/surveys", response_model=list[SurveyOut])
def list_surveys(request: Request) -> Any:
    with state(request).engine.connect() as conn:
        return [survey_out(s) for s in survey_service.list_all(conn)]


@router.get("/surveys/{key}", response_model=SurveyDetail)
def get_survey(key: SurveyKey, request: Request) -> Any:
    """A survey with its texts per language and the fields each language lacks."""
    with state(request).engine.connect() as conn:
        try:
            survey = survey_service.get(conn, key)
        except SurveyNotFound:
            raise not_found("survey", key) from None
    return survey_out(
        survey,
        SurveyDetail,
        texts=survey.texts,
        missing_texts=survey.missing(_languages(survey)),
    )
