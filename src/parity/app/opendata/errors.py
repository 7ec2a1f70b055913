"""The API's error bodies, one home for every router (``api``, ``plan_progress``)."""

from ninja import Field, Schema


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: list[dict] = Field(description="each parameter that is not valid, and why")
