"""Reading the person lists that communes keep in Excel, ODS and CSV files.

- :mod:`.reader` turns the bytes of an uploaded file into sheets of cells
  (:func:`~.reader.read_workbook`) and then into source rows keyed by field
  (:func:`~.reader.extract_rows`), skipping title blocks, totals, blank rows and signatures;
- :mod:`.columns` knows the header words officers use and finds the header of each sheet;
- :mod:`.values` reads one cell at a time (dates, sex, CCCD, text) and says what is wrong with it
  in Vietnamese.

Nothing here touches the database: validation against existing records, matching and writing
belong to the import pipeline.
"""
