"""The rule for the database in async code (docs/architecture.md): no blocking query on an event loop.

bot/devtools/async_db_check.py reads bot/ and actions/; these tests run it on the real code (no
violation may be there) and on small snippets and edited copies of real modules (each bad call must
be found, each call through a thread must pass)."""
import textwrap

import pytest

from bot.devtools.async_db_check import check, read_sources

SERVICE = textwrap.dedent('''
    from bot.store.db import session_factory

    class Notes:
        def __init__(self, url=None):
            self.sessions = session_factory(url)
            self.clock = lambda: 0

        def add(self, text):
            with self.sessions() as session, session.begin():
                session.add(text)

        def add_twice(self, text):
            self.add(text)
            self.add(text)

        def now(self):
            return self.clock()
''')


def _found(snippet: str, extra=None) -> list:
    sources = {"bot.notes": ("bot/notes.py", SERVICE),
               "bot.caller": ("bot/caller.py", textwrap.dedent(snippet))}
    sources.update(extra or {})
    return [(v.path, v.line, v.call) for v in check(sources)]


def test_the_real_code_keeps_the_rule():
    found = check()
    assert not found, "\n".join(str(v) for v in found)


@pytest.mark.parametrize("snippet, call", [
    ("""
     from bot.notes import Notes
     async def handler():
         Notes().add("x")
     """, 'Notes().add'),
    ("""
     from bot.notes import Notes
     notes = None
     async def handler(notes: Notes):
         notes.add_twice("x")          # blocking through another method
     """, "notes.add_twice"),
    ("""
     from typing import Optional
     from bot.notes import Notes
     class Channel:
         def __init__(self, url, audit: Optional[Notes] = None):
             self.notes = Notes(url)
             self.audit = audit
         def helper(self):
             self.notes.add("x")
         async def receive(self):
             self.helper()             # a sync helper of our own that queries
     """, "self.helper"),
    ("""
     from bot.notes import Notes
     def _visible(notes: Notes):
         notes.add("x")
     async def view(request):
         _visible(Notes())
     """, "_visible"),
    ("""
     from bot.store.db import session_factory
     async def raw():
         with session_factory()() as session:
             session.execute("select 1")
     """, "session_factory()"),
    ("""
     from bot.notes import Notes
     async def view(change):
         change(Notes(), {})           # a service handed to a callable the checker cannot follow
     """, "change"),
])
def test_a_blocking_call_in_async_code_is_found(snippet, call):
    found = _found(snippet)
    assert [c for _, _, c in found] == [call]
    assert found[0][0] == "bot/caller.py"


def test_console_keys_give_the_type_of_request_app_items():
    keys = textwrap.dedent('''
        from aiohttp import web
        from bot.notes import Notes
        NOTES = web.AppKey("notes", Notes)
    ''')
    snippet = """
        from bot import keys
        async def page(request):
            view = request.app[keys.NOTES]
            view.add("x")
            request.app[keys.NOTES].add("y")
        """
    found = _found(snippet, {"bot.keys": ("bot/keys.py", keys)})
    assert [c for _, _, c in found] == ["view.add", "request.app[keys.NOTES].add"]


@pytest.mark.parametrize("snippet", [
    """
    import asyncio
    from bot.notes import Notes
    async def handler():
        notes = Notes()
        await asyncio.to_thread(notes.add, "x")
        await asyncio.get_running_loop().run_in_executor(None, notes.add_twice, "y")
        await asyncio.to_thread(lambda: notes.add("z"))
        notes.now()                   # a method that opens no session
    """,
    """
    from bot.notes import Notes
    def sync_caller():
        Notes().add("x")              # sync code may query: it runs in a thread or a script
    """,
])
def test_calls_through_a_thread_and_sync_code_pass(snippet):
    assert _found(snippet) == []


def test_a_thread_hand_off_that_is_not_awaited_is_caught():
    """Without await the call never runs: a role check or an audit entry silently skipped."""
    snippet = """
        import asyncio
        from bot.notes import Notes
        async def handler():
            asyncio.to_thread(Notes().add, "x")
            await asyncio.to_thread(Notes().add, "z")
        """
    assert [c for _, _, c in _found(snippet)] == ["asyncio.to_thread"]
    sources = read_sources()
    shown, text = sources["bot.console.views.admin"]
    sources["bot.console.views.admin"] = (shown, text.replace("await asyncio.to_thread(supervisor_only, request)",
                                                              "asyncio.to_thread(supervisor_only, request)", 1))
    found = check(sources)
    assert len(found) == 1 and "is not awaited" in str(found[0]), found


@pytest.mark.parametrize("path, wrapped, direct", [
    ("bot/console/views/admin.py", "await asyncio.to_thread(request.app[keys.AUDIT].recent)",
     "request.app[keys.AUDIT].recent()"),
    ("bot/channels/telegram.py", "await asyncio.to_thread(self.identities.remember, CHANNEL, str(chat_id))",
     "self.identities.remember(CHANNEL, str(chat_id))"),
    ("bot/console/relay.py", "await asyncio.to_thread(self.service.open_handoffs)", "self.service.open_handoffs()"),
    ("bot/console/middlewares.py", "await asyncio.to_thread(request.app[keys.AUTH].session_for,",
     "(request.app[keys.AUTH].session_for)("),
])
def test_unwrapping_one_real_call_is_caught(path, wrapped, direct):
    """The real modules, with one call taken out of its thread: the check fails on it."""
    sources = read_sources()
    name = path[:-3].replace("/", ".")
    shown, text = sources[name]
    assert wrapped in text
    sources[name] = (shown, text.replace(wrapped, direct, 1))
    found = check(sources)
    assert [v.path for v in found] == [path], found
