"""The course shipped with the product: the outline of the Steplab Coaching Programme (seed 003),
SAMPLE content for the provider to complete. Its stages and units are the programme's own; the
sessions' titles, the facilitator's notes and the questions are placeholders that say so, written
to the programme's fixed shape: a Do Now retrieval task, introduction and modelling, scripting,
practice and rehearsal, an exit ticket; 30 minutes a session."""

STEPLAB_SLUG = "steplab-coaching-programme"

SAMPLE_NOTE = "Sample content: the provider completes this part."


def _session(title, do_now, exit_ticket):
    return {
        "title": title,
        "do_now_notes": f"{SAMPLE_NOTE} Coaches answer the Do Now on their own, from memory.",
        "modelling_notes": f"{SAMPLE_NOTE} Introduce and model: {title.lower()}"
        + ("" if title.endswith(("?", ".", "!")) else "."),
        "practice_notes": f"{SAMPLE_NOTE} Coaches script, practise and rehearse in their pairs.",
        "exit_ticket_notes": f"{SAMPLE_NOTE} Collect the paper exit tickets at the end.",
        "do_now": do_now,
        "exit_ticket": exit_ticket,
    }


def _unit(number, title, sessions):
    return {"number": number, "title": title, "sessions": sessions}


_REFLECT = "What will you do differently in your next coaching conversation, and why?"

STEPLAB_COURSE = {
    "slug": STEPLAB_SLUG,
    "name": "Steplab Coaching Programme",
    "description": (
        "Training for coaches in two stages, broken into units and 30-minute sessions; each "
        "session follows the same sequence: a Do Now, introduction and modelling, scripting, "
        "practice and rehearsal, and an exit ticket. Sample content: the sessions' notes and "
        "questions are for the provider to complete."
    ),
    "is_sample": True,
    "stages": [
        {
            "number": 1,
            "title": "Instructional Coaching Basics",
            "units": [
                _unit(
                    1,
                    "An Introduction to Instructional Coaching",
                    [
                        _session(
                            "Why instructional coaching?",
                            ["What do you already know about instructional coaching?"],
                            [
                                "In one sentence: what is instructional coaching for?",
                                _REFLECT,
                            ],
                        ),
                        _session(
                            "The stages of the coaching cycle",
                            ["Name one reason instructional coaching improves teaching."],
                            [
                                "List the five stages of the coaching cycle, in order.",
                                "Which stage do you expect to find hardest, and why?",
                            ],
                        ),
                    ],
                ),
                _unit(
                    2,
                    "Setting High Leverage Action Steps",
                    [
                        _session(
                            "What makes an action step high leverage",
                            ["List the five stages of the coaching cycle."],
                            [
                                "What makes an action step high leverage?",
                                _REFLECT,
                            ],
                        ),
                        _session(
                            "Writing action steps with success criteria",
                            ["What makes an action step high leverage?"],
                            [
                                "Write one action step with its success criteria.",
                                "How will you know your coachee has met it?",
                            ],
                        ),
                    ],
                ),
                _unit(
                    3,
                    "The importance of Modelling in feedback conversations",
                    [
                        _session(
                            "Why model in a feedback conversation",
                            ["What are the success criteria of a good action step?"],
                            ["Why model the action step rather than describe it?", _REFLECT],
                        ),
                        _session(
                            "Planning and delivering a model",
                            ["Why do we model in a feedback conversation?"],
                            [
                                "What will you ask the teacher to notice in your model?",
                                _REFLECT,
                            ],
                        ),
                    ],
                ),
                _unit(
                    4,
                    "Leading deliberate practice and rehearsal",
                    [
                        _session(
                            "Deliberate practice: what and why",
                            ["What does the teacher notice when you model well?"],
                            ["What makes practice deliberate?", _REFLECT],
                        ),
                        _session(
                            "Leading rehearsal in a feedback conversation",
                            ["What makes practice deliberate?"],
                            [
                                "How will you give feedback during a rehearsal?",
                                _REFLECT,
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "number": 2,
            "title": "Proficient Instructional Coaching",
            "units": [
                _unit(
                    5,
                    "Diagnosing the right area for change; practising our feedback",
                    [
                        _session(
                            "Diagnosing from lesson evidence",
                            ["What lesson evidence did you use in your last feedback?"],
                            ["How do you choose the right area for change?", _REFLECT],
                        ),
                        _session(
                            "Practising our feedback",
                            ["How do you choose the right area for change?"],
                            ["What did you change in your feedback today, and why?", _REFLECT],
                        ),
                    ],
                ),
                _unit(
                    6,
                    "Building effective, impactful rehearsal",
                    [
                        _session(
                            "What makes rehearsal effective",
                            ["What makes practice deliberate?"],
                            ["What makes a rehearsal impactful?", _REFLECT],
                        ),
                        _session(
                            "Building impactful rehearsal",
                            ["What makes a rehearsal impactful?"],
                            ["How will you raise the challenge of a rehearsal?", _REFLECT],
                        ),
                    ],
                ),
                _unit(
                    7,
                    "Building mental models through analysis",
                    [
                        _session(
                            "Mental models of teaching",
                            ["What is a mental model?"],
                            ["How do teachers build a mental model of a technique?", _REFLECT],
                        ),
                        _session(
                            "Building mental models through analysis",
                            ["How do teachers build a mental model of a technique?"],
                            ["Which analysis will you use with your coachee next?", _REFLECT],
                        ),
                    ],
                ),
            ],
        },
    ],
}
