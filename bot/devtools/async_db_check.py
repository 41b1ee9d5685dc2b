"""The rule for the database in async code (docs/architecture.md): no blocking query on an event loop.

Our services are synchronous SQLAlchemy code. An `async def` (a Rasa channel, a console view or
middleware, the relay, an action) that calls one directly stops its whole event loop for the length
of the query: every other woman's message and every counsellor's page waits. Async callers go
through a thread instead: `await asyncio.to_thread(service.method, ...)` or
`loop.run_in_executor(None, ...)`.

This checker reads bot/ and actions/ (no import, no database) and reports every call, inside the
body of an `async def`, to a *blocking callable*:

- A sync function or method is blocking when its own body opens the database: it calls a session or
  engine handle (an attribute assigned from `session_factory(...)`, `sessionmaker(...)` or
  `get_engine(...)`, such as `self.sessions()`), calls `session_factory(...)(...)`, or calls
  `get_engine(...)`; or when it calls another blocking function or method (followed to a fixed
  point across modules).
- A call's target is found from what the code says: `self.m()`; `x.m()` where the type of `x` is
  known (a constructor call `Cls(...)`, a parameter or attribute annotation, `self.attr = ...` in
  the class, a function's return annotation, or `app[keys.K]` for an aiohttp `web.AppKey("k", Cls)`);
  `f()` for a function of the module or imported from bot/ or actions/.
- A service object (of a class with a blocking method) handed to a callable the checker cannot
  follow (a parameter, a local function) counts as a blocking call too: `change(panel, form)`.
- A thread hand-off that is not awaited (`asyncio.to_thread(supervisor_only, request)` alone) never
  runs at all: a skipped role check or audit entry. It is reported too.
- Passing a function as an argument is not a call: `asyncio.to_thread(service.method, ...)` and
  `run_in_executor(None, helper, ...)` are the way out. Bodies of nested `def`s and lambdas are not
  part of the async body (they run where they are called).

What it cannot see (and the rule still forbids): calls through objects whose type the code does
not say (an unannotated parameter), getattr, properties, and Rasa's own code. Annotate a parameter
to bring its calls into view.

`python -m bot.devtools.async_db_check` prints the violations (exit status 1 if any).
"""
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions")
HANDLE_MAKERS = {"session_factory", "sessionmaker", "get_engine"}
THREAD_HANDOFFS = {"to_thread", "run_in_executor"}
FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    function: str
    call: str

    def __str__(self) -> str:
        if self.call.split(".")[-1] == "to_thread":
            return f"{self.path}:{self.line}: in async {self.function}: {self.call}(...) is not awaited: it never runs"
        return (f"{self.path}:{self.line}: in async {self.function}: {self.call}(...) queries the database "
                "on the event loop; use await asyncio.to_thread(...)")


@dataclass
class ClassInfo:
    qualname: str
    module: "ModuleInfo"
    node: ast.ClassDef
    methods: Dict[str, FunctionNode] = field(default_factory=dict)
    attribute_types: Dict[str, str] = field(default_factory=dict)   # self.attr -> class qualname
    handles: Set[str] = field(default_factory=set)                  # self.attr holding a sessionmaker/engine
    bases: List[str] = field(default_factory=list)


@dataclass
class ModuleInfo:
    name: str
    path: str
    tree: ast.Module
    imports: Dict[str, str] = field(default_factory=dict)            # local name -> qualified name
    functions: Dict[str, FunctionNode] = field(default_factory=dict)
    app_keys: Dict[str, str] = field(default_factory=dict)           # NAME = web.AppKey("x", Cls)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, without the bodies of nested functions, lambdas and classes."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            if not isinstance(node, ast.Lambda):
                stack.extend(node.decorator_list)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _dotted(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


class Index:
    """Every module, class and function of the packages, and which sync callables are blocking."""

    def __init__(self, sources: Dict[str, Tuple[str, str]]):
        """sources: module name -> (path for messages, source text)."""
        self.modules: Dict[str, ModuleInfo] = {}
        self.classes: Dict[str, ClassInfo] = {}
        for name, (path, text) in sources.items():
            self._add_module(name, path, ast.parse(text, path))
        for info in self.classes.values():
            self._learn_attributes(info)
        self.blocking: Set[int] = set()   # id() of blocking sync function nodes
        self._owner: Dict[int, Tuple[ModuleInfo, Optional[ClassInfo]]] = {}
        for module in self.modules.values():
            for function in module.functions.values():
                self._owner[id(function)] = (module, None)
        for info in self.classes.values():
            for method in info.methods.values():
                self._owner[id(method)] = (info.module, info)
        self._find_blocking()

    # --- reading ----------------------------------------------------------------------------
    def _add_module(self, name: str, path: str, tree: ast.Module) -> None:
        module = ModuleInfo(name, path, tree)
        package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    module.imports[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0])
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                info = ClassInfo(f"{name}.{node.name}", module, node)
                info.methods = {item.name: item for item in node.body
                                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
                info.bases = [b for b in (_dotted(base) for base in node.bases) if b]
                self.classes[info.qualname] = info
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                maker = _dotted(node.value.func) or ""
                if maker.endswith("AppKey") and len(node.value.args) >= 2:
                    key_type = _dotted(node.value.args[1])
                    for target in node.targets:
                        if isinstance(target, ast.Name) and key_type:
                            module.app_keys[target.id] = key_type
        self.modules[name] = module

    def qualify(self, module: ModuleInfo, dotted: Optional[str]) -> Optional[str]:
        """A name as written in `module` -> the qualified name of a class or function we index."""
        if not dotted:
            return None
        head, _, rest = dotted.partition(".")
        if head in module.imports:
            full = module.imports[head] + (f".{rest}" if rest else "")
        elif head in module.functions or f"{module.name}.{head}" in self.classes:
            full = f"{module.name}.{dotted}"
        else:
            return None
        return full

    def _learn_attributes(self, info: ClassInfo) -> None:
        """self.attr types and handles, from assignments in every method of the class."""
        for method in info.methods.values():
            parameters = self._parameter_types(info.module, method)
            for node in ast.walk(method):
                targets: List[Tuple[ast.AST, ast.AST]] = []
                if isinstance(node, ast.Assign):
                    targets = [(target, node.value) for target in node.targets]
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets = [(node.target, node.value)]
                    annotated = self._annotation_type(info.module, node.annotation)
                    if (isinstance(node.target, ast.Attribute) and _dotted(node.target.value) == "self"
                            and annotated):
                        info.attribute_types[node.target.attr] = annotated
                for target, value in targets:
                    if not (isinstance(target, ast.Attribute) and _dotted(target.value) == "self"):
                        continue
                    if isinstance(value, ast.Call) and (_dotted(value.func) or "").split(".")[-1] in HANDLE_MAKERS:
                        info.handles.add(target.attr)
                        continue
                    found = self._simple_type(info.module, value, parameters)
                    if found:
                        info.attribute_types.setdefault(target.attr, found)

    def _annotation_type(self, module: ModuleInfo, annotation: Optional[ast.AST]) -> Optional[str]:
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(annotation, ast.Subscript) and (_dotted(annotation.value) or "").endswith("Optional"):
            return self._annotation_type(module, annotation.slice)
        if isinstance(annotation, ast.BinOp):  # X | None
            return self._annotation_type(module, annotation.left) or self._annotation_type(module, annotation.right)
        found = self.qualify(module, _dotted(annotation))
        return found if found in self.classes else None

    def _parameter_types(self, module: ModuleInfo, function: FunctionNode) -> Dict[str, str]:
        arguments = function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        found = {}
        for argument in every:
            kind = self._annotation_type(module, argument.annotation)
            if kind:
                found[argument.arg] = kind
        return found

    def _simple_type(self, module: ModuleInfo, value: ast.AST, names: Dict[str, str]) -> Optional[str]:
        """The class of a constructor call, of an annotated name, or of a call's return annotation."""
        if isinstance(value, ast.Name):
            return names.get(value.id)
        if isinstance(value, ast.BoolOp):  # x or Cls(...)
            for item in value.values:
                found = self._simple_type(module, item, names)
                if found:
                    return found
        if isinstance(value, ast.Call):
            target = self.qualify(module, _dotted(value.func))
            if target in self.classes:
                return target
            function = self._function(target)
            if function is not None:
                owner = self._owner_module(target)
                return self._annotation_type(owner, function.returns) if owner else None
        return None

    def _owner_module(self, qualname: Optional[str]) -> Optional[ModuleInfo]:
        module, _, _ = (qualname or "").rpartition(".")
        return self.modules.get(module)

    def _function(self, qualname: Optional[str]) -> Optional[FunctionNode]:
        module = self._owner_module(qualname)
        return module.functions.get((qualname or "").rpartition(".")[2]) if module else None

    def method(self, class_name: Optional[str], name: str) -> Optional[FunctionNode]:
        seen: Set[str] = set()
        while class_name in self.classes and class_name not in seen:
            seen.add(class_name)
            info = self.classes[class_name]
            if name in info.methods:
                return info.methods[name]
            bases = [self.qualify(info.module, base) for base in info.bases]
            class_name = next((base for base in bases if base in self.classes), None)
        return None

    def attribute_type(self, class_name: Optional[str], name: str) -> Optional[str]:
        info = self.classes.get(class_name or "")
        return info.attribute_types.get(name) if info else None

    # --- types inside one function ------------------------------------------------------------
    def local_types(self, module: ModuleInfo, owner: Optional[ClassInfo], function: FunctionNode) -> Dict[str, str]:
        names = self._parameter_types(module, function)
        if owner is not None:
            names["self"] = owner.qualname
        for _ in range(2):  # a name typed from another name assigned before it
            for node in _own_nodes(function):
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    kind = self._annotation_type(module, node.annotation)
                    if kind:
                        names[node.target.id] = kind
                if not isinstance(node, ast.Assign):
                    continue
                for target in node.targets:
                    pairs: List[Tuple[ast.AST, ast.AST]] = [(target, node.value)]
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        pairs = list(zip(target.elts, node.value.elts, strict=False))
                    for name, value in pairs:
                        if isinstance(name, ast.Name):
                            kind = self.expression_type(module, value, names)
                            if kind:
                                names[name.id] = kind
        return names

    def expression_type(self, module: ModuleInfo, node: ast.AST, names: Dict[str, str]) -> Optional[str]:
        if isinstance(node, ast.Attribute):
            return self.attribute_type(self.expression_type(module, node.value, names), node.attr)
        if isinstance(node, ast.Subscript):  # app[keys.HANDOFFS]
            key = _dotted(node.slice)
            if key:
                head, _, attr = key.rpartition(".")
                key_module = self.modules.get(module.imports.get(head, "")) if head else module
                if key_module and attr in key_module.app_keys:
                    found = self.qualify(key_module, key_module.app_keys[attr])
                    return found if found in self.classes else None
            return None
        return self._simple_type(module, node, names)

    def call_target(self, module: ModuleInfo, call: ast.Call, names: Dict[str, str]) -> Optional[FunctionNode]:
        func = call.func
        if isinstance(func, ast.Attribute):
            receiver = self.expression_type(module, func.value, names)
            if receiver:
                return self.method(receiver, func.attr)
        target = self.qualify(module, _dotted(func))
        if target in self.classes:
            return None  # constructing a service opens no session
        return self._function(target)

    # --- blocking ------------------------------------------------------------------------------
    @staticmethod
    def _opens_session(call: ast.Call, handles: Set[str]) -> bool:
        func = call.func
        if isinstance(func, ast.Call) and (_dotted(func.func) or "").split(".")[-1] in HANDLE_MAKERS:
            return True   # session_factory(url)()
        parts = (_dotted(func) or "").split(".")
        if parts[-1] == "get_engine":
            return True
        return len(parts) >= 2 and parts[0] == "self" and parts[1] in handles   # self.sessions(), self.engine.begin()

    def _opens_database(self, module: ModuleInfo, owner: Optional[ClassInfo], function: FunctionNode) -> bool:
        handles = owner.handles if owner else set()
        return any(isinstance(node, ast.Call) and self._opens_session(node, handles) for node in _own_nodes(function))

    def _find_blocking(self) -> None:
        functions = [(fn, *self._owner[id(fn)]) for fn in self._all_functions() if isinstance(fn, ast.FunctionDef)]
        for function, module, owner in functions:
            if self._opens_database(module, owner, function):
                self.blocking.add(id(function))
        changed = True
        while changed:
            changed = False
            for function, module, owner in functions:
                if id(function) in self.blocking:
                    continue
                names = self.local_types(module, owner, function)
                for node in _own_nodes(function):
                    if isinstance(node, ast.Call):
                        target = self.call_target(module, node, names)
                        if target is not None and id(target) in self.blocking:
                            self.blocking.add(id(function))
                            changed = True
                            break

    def _all_functions(self) -> Iterable[FunctionNode]:
        for module in self.modules.values():
            yield from module.functions.values()
        for info in self.classes.values():
            yield from info.methods.values()

    # --- the check ------------------------------------------------------------------------------
    def violations(self) -> List[Violation]:
        found = []
        for module in self.modules.values():
            for function, owner in self._async_functions(module):
                names = self.local_types(module, owner, function)
                handles = owner.handles if owner else set()
                label = f"{owner.node.name}.{function.name}" if owner else function.name
                awaited = {id(node.value) for node in _own_nodes(function) if isinstance(node, ast.Await)}
                for node in _own_nodes(function):
                    # to_thread makes a coroutine: not awaited, it never runs (run_in_executor's future does)
                    if (isinstance(node, ast.Call) and (_dotted(node.func) or "").split(".")[-1] == "to_thread"
                            and id(node) not in awaited):
                        found.append(Violation(module.path, node.lineno, label, ast.unparse(node.func)))
                    if isinstance(node, ast.Call) and (self._opens_session(node, handles)
                                                       or self._blocks(module, node, names)):
                        found.append(Violation(module.path, node.lineno, label, ast.unparse(node.func)))
        return sorted(found, key=lambda v: (v.path, v.line))

    def _blocks(self, module: ModuleInfo, call: ast.Call, names: Dict[str, str]) -> bool:
        target = self.call_target(module, call, names)
        if target is not None:
            return id(target) in self.blocking
        callee = _dotted(call.func) or ""
        if callee.split(".")[-1] in THREAD_HANDOFFS or self.qualify(module, callee) in self.classes:
            return False
        if isinstance(call.func, ast.Attribute) and self.expression_type(module, call.func.value, names):
            return False  # a method of a known class that opens nothing (an async one, a pure one)
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        return any(self._has_blocking_method(self.expression_type(module, argument, names))
                   for argument in arguments)

    def _has_blocking_method(self, class_name: Optional[str]) -> bool:
        info = self.classes.get(class_name or "")
        return info is not None and any(id(method) in self.blocking for method in info.methods.values())

    def _async_functions(self, module: ModuleInfo) -> Iterator[Tuple[ast.AsyncFunctionDef, Optional[ClassInfo]]]:
        """Every async def of the module, nested ones too, with the class whose `self` it sees."""
        def walk(node: ast.AST, owner: Optional[ClassInfo]) -> Iterator[Tuple[ast.AsyncFunctionDef,
                                                                               Optional[ClassInfo]]]:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    yield from walk(child, self.classes.get(f"{module.name}.{child.name}"))
                    continue
                if isinstance(child, ast.AsyncFunctionDef):
                    yield child, owner
                yield from walk(child, owner)
        yield from walk(module.tree, None)


def read_sources(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Dict[str, Tuple[str, str]]:
    sources = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            sources[_module_name(path, root)] = (str(path.relative_to(root)), path.read_text(encoding="utf-8"))
    return sources


def check(sources: Optional[Dict[str, Tuple[str, str]]] = None) -> List[Violation]:
    return Index(read_sources() if sources is None else sources).violations()


def main() -> int:
    found = check()
    for violation in found:
        print(violation)
    print(f"{len(found)} blocking database call(s) on an event loop")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
