"""Excel in and out: the budget template, the import of a filled workbook and the live-formula export.

One module per concern, each pure (bytes in, bytes out):

* :mod:`~crm_case.excel.layout`: what each sheet holds (its title, columns or keys, number formats), read by
  the template, the writer and the reader alike;
* :mod:`~crm_case.excel.words`: the workbook's words in every language of the app (the ``excel`` catalogs): what
  the template and the export write in the language asked for, and what the reader recognises in any of them;
* :mod:`~crm_case.excel.key_values`: each Key | Value sheet's rows from the case and back, side by side;
* :mod:`~crm_case.excel.template`: :func:`~crm_case.excel.template.budget_template`;
* :mod:`~crm_case.excel.writer`: :func:`~crm_case.excel.writer.export_workbook`, one function per sheet, with
  the Monthly and Cash flow formulas in :mod:`~crm_case.excel.formulas`;
* :mod:`~crm_case.excel.reader`: :func:`~crm_case.excel.reader.read_workbook` (an .xlsx, or an .ods through
  :mod:`~crm_case.excel.ods`), with the reading of one cell in :mod:`~crm_case.excel.cells`;
* :mod:`~crm_case.excel.safety`: the checks on uploaded bytes before any parser sees them, and
  :func:`~crm_case.excel.safety.read_rows` for table uploads (CSV or a sheet).

This file imports nothing: :mod:`crm_case.customers` imports :mod:`~crm_case.excel.safety`, and the writer
imports :mod:`crm_case.customers`, so re-exporting the writer here would make an import cycle.
"""
