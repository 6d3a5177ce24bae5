"""Stage 6, publishing, in the order a build runs:

- pipeline: discover the communes, check each, gather what git says of each plan
  year (the only step that runs git), then render the commune's pages, DOCX texts
  and open data into a CommuneRecord; `run` returns the typed Province with the
  Stage that rendered it (no module-level state but a worker process's own).
- cache: a commune's record kept by the hash of its inputs, read back from the
  records' annotations.
- areas: the district and province levels (district pages and syntheses, period
  reports, home page, navigation); open_data: the province's tables, workbooks and
  data package.
- build: `generate` strings these together; writing docs/, the DOCX, the mkdocs run
  (sitebuild) and the atomic site swap.
"""
