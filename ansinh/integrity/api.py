"""The integrity API: duplicate pairs and anomaly findings."""

from ninja import Router

from ansinh.integrity.api_duplicates import router as duplicates_router
from ansinh.integrity.api_findings import router as findings_router

router = Router(tags=["integrity"])
router.add_router("/", findings_router)
router.add_router("/", duplicates_router)
