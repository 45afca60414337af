"""The questionnaire each source language starts with, until an admin saves another.

Written for the mission (docs/glossary.md: plain North Korean usage for Korean). No question asks
for a name, a workplace, a phone number or anything else that would identify the source; "where"
asks for as little as the source wants, and "how to reach back" points at the tip line's own
replies. None is required: a source who sends again (a file, a follow-up) should not have to
answer everything a second time.
"""

from __future__ import annotations

from tipline.questionnaires.form import Question

DEFAULTS: dict[str, tuple[Question, ...]] = {
    "ko": (
        Question("무슨 일이 있었습니까?", "text"),
        Question("어디에서 있은 일입니까? 알리고 싶은 만큼만 쓰십시오. 도나 시 정도만 써도 됩니다.", "text"),
        Question("언제 있은 일입니까? 모르면 비워두십시오.", "date"),
        Question(
            "이 일을 아는 사람이 또 있습니까?",
            "choice",
            choices=("저 혼자만 압니다", "몇 사람이 압니다", "많은 사람이 압니다", "모르겠습니다"),
        ),
        Question("편집국의 회답을 받겠습니까? 회답은 이 제보 창구에서만 봅니다. 암호로 다시 들어와 보십시오.", "yesno"),
    ),
    "en": (
        Question("What happened?", "text"),
        Question("Where did it happen? Write only as much as you want to say: a province or a city is enough.", "text"),
        Question("When did it happen? Leave it empty if you do not know.", "date"),
        Question(
            "Does anyone else know about this?",
            "choice",
            choices=("Only I know", "A few people know", "Many people know", "I do not know"),
        ),
        Question(
            "Do you want a reply from the newsroom? Replies can be read only here: come back and log in with "
            "your codename.",
            "yesno",
        ),
    ),
    "ru": (
        Question("Что произошло?", "text"),
        Question("Где это произошло? Напишите столько, сколько хотите: достаточно области или города.", "text"),
        Question("Когда это произошло? Если не знаете, оставьте пустым.", "date"),
        Question(
            "Знает ли об этом кто-то ещё?",
            "choice",
            choices=("Знаю только я", "Знают несколько человек", "Знают многие", "Не знаю"),
        ),
        Question(
            "Хотите получить ответ от редакции? Ответы можно прочитать только здесь: вернитесь и войдите "
            "со своей кодовой фразой.",
            "yesno",
        ),
    ),
    "zh_Hans": (
        Question("发生了什么事？", "text"),
        Question("事情发生在哪里？您想说多少就写多少：写到省或城市就够了。", "text"),
        Question("事情是哪天发生的？不知道就留空。", "date"),
        Question("还有别人知道这件事吗？", "choice", choices=("只有我知道", "有几个人知道", "很多人知道", "不知道")),
        Question("您希望收到编辑部的回复吗？回复只能在这里阅读：请回来用您的口令登录。", "yesno"),
    ),
}
