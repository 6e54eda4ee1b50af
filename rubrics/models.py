# Rubric definitions and scoresheets arrive with the rubrics issue; see ../shared/DESIGN.md.
