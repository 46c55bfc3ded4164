"""Where coverage data is looked for: file names, and the folders tried at the root.

Plain constants, apart from auditor.analysis.testing (which reads the data), so that the
whole-audit key (auditor.inputs) can list these paths without importing the analysis.
"""

from __future__ import annotations

COVERAGE_FILES = ("coverage.xml", "cobertura.xml", "coverage-report.xml", ".coverage")
COVERAGE_DIRS = ("", "reports", "report", "build", "htmlcov", "test-results", "test-reports", "coverage", ".reports")
