"""Demo part: a few second records of the ward's residents, as lists make them, the duplicate
search run over them, and the anomaly rules run over the province's demo communes, so that the
review queue and the findings list have something to look at."""

from __future__ import annotations

from ansinh.core.demo import DemoSite
from ansinh.integrity.checks import run_checks
from ansinh.integrity.duplicates import find_duplicates
from ansinh.integrity.models import CheckTrigger, DedupRun
from ansinh.integrity.synthdups import inject_duplicates

DEMO_RATE = 0.008  # about 25 second records among the ward's 3,000 residents


def populate(site: DemoSite) -> None:
    if DedupRun.objects.exists():
        return
    injected = inject_duplicates(rate=DEMO_RATE, seed=5, commune_ids=[site.commune.pk])
    run = find_duplicates(unit=site.commune)
    site.lines.append(f"người nghi trùng: {run.pairs_found} cặp chờ xem xét "
                      f"(đã thêm {len(injected.pairs)} hồ sơ trùng mẫu)")
    # Over the province: every demo commune's lists and payrolls.
    checks = run_checks(trigger=CheckTrigger.ON_DEMAND, unit=site.province)
    site.lines.append(f"kiểm tra bất thường: {checks.found} phát hiện")
