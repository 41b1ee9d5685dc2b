"""Telegram updates of our own making, shaped like the Bot API's (ids, dates and names are fake).

Webhook POST bodies are bare Update objects: `update_id` plus exactly one kind of content.
"""
import itertools
import time
from typing import Any, Dict, List, Optional

HER_ID = 5512345678          # private chat id == user id in a private chat
BOT = {"id": 7000000001, "is_bot": True, "first_name": "Test Helper Bot", "username": "TestHelperBot"}
_update_ids = itertools.count(700000000)
_message_ids = itertools.count(100)


def her(user_id: int = HER_ID, language_code: Optional[str] = "en") -> Dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Asha", "username": "asha_test"}
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(chat_id: int = HER_ID) -> Dict[str, Any]:
    return {"id": chat_id, "first_name": "Asha", "username": "asha_test", "type": "private"}


def update(**content) -> Dict[str, Any]:
    return {"update_id": next(_update_ids), **content}


def message(chat_id: int = HER_ID, language_code: Optional[str] = "en", **fields) -> Dict[str, Any]:
    return update(message={"message_id": next(_message_ids), "from": her(chat_id, language_code),
                           "chat": private_chat(chat_id), "date": int(time.time()), **fields})


def utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def text(value: str, chat_id: int = HER_ID, language_code: Optional[str] = "en") -> Dict[str, Any]:
    fields: Dict[str, Any] = {"text": value}
    if value.startswith("/"):
        command = value.split(" ", 1)[0]
        fields["entities"] = [{"offset": 0, "length": utf16_len(command), "type": "bot_command"}]
    return message(chat_id, language_code, **fields)


def callback(data: str, chat_id: int = HER_ID, accessible: bool = True, message_id: int = 1001) -> Dict[str, Any]:
    if accessible:
        shown = {"message_id": message_id, "from": BOT, "chat": private_chat(chat_id), "date": int(time.time()),
                 "text": "Which language?",
                 "reply_markup": {"inline_keyboard": [[{"text": "English", "callback_data": data}]]}}
    else:
        shown = {"message_id": message_id, "chat": private_chat(chat_id), "date": 0}
    return update(callback_query={"id": str(4000000000000000000 + next(_update_ids)), "from": her(chat_id),
                                  "message": shown, "chat_instance": "-3000000000000000001", "data": data})


def photo(file_id: str, size: int, chat_id: int = HER_ID, caption: Optional[str] = None) -> Dict[str, Any]:
    sizes: List[Dict[str, Any]] = [
        {"file_id": file_id + "-small", "file_unique_id": "s" + file_id[:8], "file_size": 900, "width": 90, "height": 90},
        {"file_id": file_id, "file_unique_id": "l" + file_id[:8], "file_size": size, "width": 1280, "height": 960},
    ]
    fields: Dict[str, Any] = {"photo": sizes}
    if caption:
        fields["caption"] = caption
    return message(chat_id, **fields)


def document(file_id: str, size: int, name: str = "स्क्रीनशॉट.pdf", chat_id: int = HER_ID) -> Dict[str, Any]:
    return message(chat_id, document={"file_name": name, "mime_type": "application/pdf", "file_id": file_id,
                                      "file_unique_id": "d" + file_id[:8], "file_size": size})


def voice(chat_id: int = HER_ID) -> Dict[str, Any]:
    return message(chat_id, voice={"duration": 3, "mime_type": "audio/ogg", "file_id": "AwACvoice-test",
                                   "file_unique_id": "AgADvoice", "file_size": 4100})


def sticker(chat_id: int = HER_ID) -> Dict[str, Any]:
    return message(chat_id, sticker={"width": 512, "height": 512, "emoji": "🙏", "is_animated": False,
                                     "is_video": False, "type": "regular", "file_id": "CAACsticker-test",
                                     "file_unique_id": "AgADsticker", "file_size": 12000})


def membership(status_before: str, status_after: str, chat_id: int = HER_ID) -> Dict[str, Any]:
    def member(status: str) -> Dict[str, Any]:
        return {"user": BOT, "status": status, **({"until_date": 0} if status == "kicked" else {})}
    return update(my_chat_member={"chat": private_chat(chat_id), "from": her(chat_id, None), "date": int(time.time()),
                                  "old_chat_member": member(status_before),
                                  "new_chat_member": member(status_after)})


def group_message(value: str, chat_id: int = -4000000777) -> Dict[str, Any]:
    return update(message={"message_id": next(_message_ids), "from": her(), "date": int(time.time()),
                           "chat": {"id": chat_id, "title": "Family", "type": "group",
                                    "all_members_are_administrators": False},
                           "text": value})


def anonymous_admin_message(value: str, chat_id: int = -1002000000777) -> Dict[str, Any]:
    group = {"id": chat_id, "title": "Colony", "type": "supergroup"}
    return update(message={"message_id": next(_message_ids), "date": int(time.time()), "chat": group,
                           "sender_chat": group, "text": value,
                           "from": {"id": 1087968824, "is_bot": True, "first_name": "Group",
                                    "username": "GroupAnonymousBot"}})


def channel_post(value: str, chat_id: int = -1002000000778) -> Dict[str, Any]:
    chat = {"id": chat_id, "title": "News", "type": "channel"}
    return update(channel_post={"message_id": next(_message_ids), "sender_chat": chat, "chat": chat,
                                "date": int(time.time()), "text": value})


def edited(value: str, chat_id: int = HER_ID) -> Dict[str, Any]:
    now = int(time.time())
    return update(edited_message={"message_id": next(_message_ids), "from": her(chat_id), "chat": private_chat(chat_id),
                                  "date": now - 60, "edit_date": now, "text": value})


def contact(chat_id: int = HER_ID) -> Dict[str, Any]:
    return message(chat_id, contact={"phone_number": "+919800000099", "first_name": "Someone"})


def location(chat_id: int = HER_ID) -> Dict[str, Any]:
    return message(chat_id, location={"latitude": 26.8467, "longitude": 80.9462})


def unknown_kind() -> Dict[str, Any]:
    return update(message_reaction_count={"chat": {"id": -1002000000779, "title": "X", "type": "channel"},
                                          "message_id": 5, "date": int(time.time()),
                                          "reactions": [{"type": {"type": "emoji", "emoji": "👍"},
                                                         "total_count": 2}]})
