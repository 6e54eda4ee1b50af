"""The rubrics shipped with the product.

- The Missouri Collaborative Work School-Based Implementation Coaching Practice Profile: its essential
  functions and their behaviours as the published profile gives them (seed 002), on four levels with
  4 the exemplary, ideal implementation.
- A Coaching Facilitation Rubric (CFR): SAMPLE content. The real CFR is Key2Ed's own text; this one
  covers what Key2Ed's description of the pathway names (seed 000) so that associates have something to
  edit. Its passing minimum is left blank in the source ("a minimum score of ___"); it comes from the
  CFR_PASSING_MINIMUM setting.
"""

PRACTICE_PROFILE_SLUG = "missouri-coaching-practice-profile"
CFR_SLUG = "coaching-facilitation-rubric"

PRACTICE_PROFILE = {
    "slug": PRACTICE_PROFILE_SLUG,
    "name": "School-Based Implementation Coaching Practice Profile (Missouri)",
    "description": (
        "Missouri Collaborative Work practice profile for school-based implementation coaching. "
        "Foundations present in every essential function: commitment to the success of all "
        "students and to improving the quality of instruction. Each behaviour is rated from 1 to "
        "4; 4 is exemplary, ideal implementation (all items in place)."
    ),
    "is_sample": False,
    "levels": [
        ("Not yet in place", 1),
        ("Developing", 2),
        ("Proficient", 3),
        ("Exemplary / ideal implementation", 4),
    ],
    "passing_total": None,
    "passing_level_each": None,
    "domains": [
        (
            "Developing and maintaining coaching relationships",
            [
                "Describes the coaching process and expectations for the educator-coach and "
                "coached-educator.",
                "Explains that confidentiality will be maintained.",
                "Poses questions and listens to the coached-educator describe current teaching "
                "successes and challenges.",
            ],
        ),
        (
            "Facilitating the improvement process",
            [
                "Attains verbal commitment from the coached-educator to engage in the coaching "
                "relationship and improve implementation of teaching/learning practices.",
                "Addresses the coached-educator's feelings of being overwhelmed by breaking the "
                "steps or methods of implementation into manageable units.",
                "Gives the rationale for the importance of implementing the teaching/learning "
                "practice.",
            ],
        ),
        (
            "Communicating in a timely and responsive manner",
            [
                "Uses a variety of methods (e-mail, phone, in person, video conference) to check in "
                "on the status of practice implementation.",
                "Responds to information needs and questions within a time explicitly and mutually "
                "agreed with the coached-educator.",
                "Requests and responds to feedback from the coached-educator about the coaching "
                "experience.",
            ],
        ),
        (
            "Engaging in solution-driven dialogue",
            [
                "Facilitates ongoing coaching conversations that build on the coached-educator's "
                "strengths and are solution-driven.",
                "Provides feedback based on direct observations.",
                "Poses reflective questions on “what is working” and “what is not working.”",
                "Reviews data with the coached-educator.",
            ],
        ),
    ],
    # Descriptors by level, the same for every behaviour of the profile.
    "descriptor": {
        4: "Consistently in place, every time: ideal implementation.",
        3: "In place most of the time.",
        2: "In place some of the time, or only in part.",
        1: "Not yet in place.",
    },
}

CFR = {
    "slug": CFR_SLUG,
    "name": "Coaching Facilitation Rubric (sample)",
    "description": (
        "SAMPLE CONTENT for associates to replace with the provider's own rubric. Scores the coaching "
        "feedback notes a candidate wrote while observing a facilitator at an IEP meeting."
    ),
    "is_sample": True,
    "levels": [("Beginning", 1), ("Developing", 2), ("Proficient", 3), ("Exemplary", 4)],
    "passing_level_each": None,
    "domains": [
        (
            "Facilitative behaviours identified",
            [
                "Names the facilitative behaviours the facilitator used during the meeting "
                "(agenda, ground rules, parking lot, shared focus on the student).",
                "Ties each behaviour to what was seen or heard at a moment of the meeting.",
            ],
        ),
        (
            "Research-based coaching techniques",
            [
                "Balances what is working with what is not working.",
                "Poses reflective questions rather than directives.",
            ],
        ),
        (
            "Actionable feedback",
            [
                "Gives next steps the facilitator can act on at the next meeting.",
                "Is specific, respectful and free of student names or identifiers.",
            ],
        ),
    ],
    "descriptor": {
        4: "Clear, specific and complete; a model for other coaches.",
        3: "Present and specific enough to act on.",
        2: "Present but general, or only in part.",
        1: "Missing, or not yet accurate.",
    },
}
