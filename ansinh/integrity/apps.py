from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "ansinh.integrity"
    label = "integrity"
    verbose_name = "Kiểm tra tính toàn vẹn"

    def ready(self) -> None:
        # The anomaly rules run after every payroll generation (hooks), and the home-page panel
        # shows open findings and duplicate pairs waiting for review.
        # The dedup jobs (search, retrain) and the home panel of the duplicate review queue
        # (home_duplicates) are registered here too.
        from ansinh.integrity import home, home_duplicates, hooks, jobs  # noqa: F401
