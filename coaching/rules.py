"""Rules every app's services apply. Here, in coaching, because every app may import coaching and
coaching imports no other app (DESIGN.md)."""

from django.core.exceptions import ValidationError


def refuse_own_record(*, actor, person, action: str, who: str = "You") -> None:
    """Nobody records their own evidence. Raises ValidationError ("You cannot <action>: ...")
    when `actor`, the login acting, is the login of `person`, whom the record is about: their
    attendance and make-ups; their candidacy's identification, approval, decline and cohort; the
    scoring of their notes; their certificate; a video assigned to them; a rating of their
    practice. Whatever role the actor holds there (associate, district admin, site admin), a
    colleague does it instead.

    `action` completes the sentence: "record your own attendance". `who` names the actor when it
    is not the user making the request (a second rater chosen by the first: who="Ana Diaz",
    action="rate their own practice").

    Never refused: a system action (`actor` None) and a person without a login. What is a
    person's own to do by design (registering themself, freeing their place, logging their
    facilitations, writing and submitting their notes, a self-assessment) does not call this."""
    if actor is None or person is None or person.user_id is None:
        return
    if person.user_id == actor.pk:
        raise ValidationError(
            f"{who} cannot {action}: nobody records their own evidence, so a colleague does it.",
            code="own_record",
        )
