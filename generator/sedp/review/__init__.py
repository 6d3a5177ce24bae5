"""Stage 4, beside the pipeline, for reviewers: the plan diff between revisions, the review trail, amendment control, the reviewer's checklist, CODEOWNERS."""
