# Observations, feedback notes and the video library arrive with the certification issue.
