# Candidacies, the facilitation log and certificates arrive with the certification issue.
