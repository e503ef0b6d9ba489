"""Demo part: what residents of the demo ward sent through the public portal — feedback about
a payment (answered) and about the posted list (waiting, past its deadline), and a quarter's
ratings of the ward's service."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from ansinh.cases.models import Posting
from ansinh.core.demo import DemoSite
from ansinh.portal.models import Feedback, Vote
from ansinh.portal.services import FeedbackInput, feedback_answer, feedback_submit, vote_cast

RATINGS = [4] * 9 + [3] * 6 + [2] * 2 + [1]  # a quarter's votes, mostly satisfied


def populate(site: DemoSite) -> None:
    commune, officer = site.commune, site.user("demo.canbo")
    if Feedback.objects.filter(commune=commune).exists():
        return
    paid = feedback_submit(commune=commune, client="demo", data=FeedbackInput(
        topic="payment", sender="Bà Trần Thị Lan, tổ 4", contact="0912 000 111",
        content="Tháng trước tôi không nhận được tiền trợ cấp vì đi viện; xin hỏi tháng này "
                "có được nhận bù không?"))
    feedback_answer(actor=officer, feedback=paid, answer=(
        "Khoản tháng trước được chi bổ sung cùng kỳ chi trả tháng này; mời bà đến nhận tại "
        "nhà văn hóa tổ 4 ngày 10, mang theo căn cước."))
    posting = Posting.objects.filter(commune=commune).order_by("-opens_on").first()
    late = feedback_submit(commune=commune, client="demo", data=FeedbackInput(
        topic="posting", posting=posting,
        content="Đề nghị xem lại hoàn cảnh gia đình ông Lê Văn Tám ở tổ 7, nhà có người "
                "khuyết tật nặng nhưng chưa có tên trong danh sách."))
    # Received two weeks ago: its deadline has passed without an answer.
    Feedback.objects.filter(pk=late.pk).update(
        received_at=timezone.now() - timedelta(days=20),
        due_on=timezone.localdate() - timedelta(days=4))
    rng = random.Random(9)  # noqa: S311 - demo data
    for number, rating in enumerate(RATINGS):
        vote_cast(commune=commune, national_id=f"0010{rng.randint(50, 99)}{number:06d}",
                  rating=rating, comment="Cán bộ hướng dẫn tận tình." if number == 0 else "",
                  client=f"demo-{number % 3}")
    site.lines.append(f"cổng công khai: 2 phản ánh (1 quá hạn chưa trả lời), "
                      f"{Vote.objects.filter(commune=commune).count()} phiếu đánh giá")
