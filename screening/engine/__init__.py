"""The screening engine: a pure-Python library (no Django) that any layer may use.

It reads resumes (`extract`), knows the skills taxonomy (`taxonomy`, data in `skills.json`
beside it), suggests a posting's requirements (`suggest`), scores a resume against them
(`scoring`) and explains a score (`present`). Nothing here imports Django or a project app;
`tests/screening/test_engine_is_pure.py` checks it.
"""

from __future__ import annotations
