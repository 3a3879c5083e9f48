"""
Hostile catalog files, through ``import_catalog`` (all four formats), the
admin's upload and ``load_catalog``: a YAML "billion laughs", nesting
deeper than any parser's recursion, numbers out of every range and prices
too small to be anything but a mistake. Each is refused with a message
naming the file, and nothing is written.
"""

import json
import subprocess
import sys
import textwrap
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.models import LanguageModel, Provider, Route
from imports import parsers
from imports.models import ImportRun
from imports.parsers.base import ImportFormatError
from imports.services import prepare
from tests.imports.conftest import TODAY, import_catalog

pytestmark = pytest.mark.django_db

# 368 bytes: nine nested anchors, each alias list nine wide, 9**9 strings.
BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{','.join([f'*{before}'] * 9)}]"
            for before, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "id: *i",
        "name: P",
        "models: []",
    ]
)
DEEP = 100_000


def with_price(document, price):
    """Return ``document`` as JSON with ``price`` written as is for "PRICE"."""
    return json.dumps(document).replace('"PRICE"', price)


def litellm(price):
    entry = {
        "mode": "chat",
        "litellm_provider": "openai",
        "input_cost_per_token": "PRICE",
        "output_cost_per_token": 1e-6,
    }
    return with_price({"gpt-x": entry}, price)


def genai(price):
    return f"id: p\nname: P\nmodels:\n  - id: m\n    prices: {{input_mtok: {price}, output_mtok: 1}}\n"


def models_dev_api(price):
    model = {"name": "GPT X", "cost": {"input": "PRICE", "output": 1}}
    return with_price({"openai": {"name": "OpenAI", "models": {"gpt-x": model}}}, price)


def catalog(price):
    document = {
        "format": "llm-compare-catalog",
        "schema_version": 1,
        "providers": [{"slug": "p", "name": "P"}],
        "routes": [{"provider": "p", "identifier": "m", "input_price": "PRICE"}],
    }
    return with_price(document, price)


def write_tree(path, toml):
    """Write a models.dev tree whose one route file is ``toml``; return its root."""
    (path / "providers" / "p" / "models").mkdir(parents=True)
    (path / "providers" / "p" / "provider.toml").write_text('name = "P"\n')
    (path / "providers" / "p" / "models" / "m.toml").write_text(toml)
    return path


def row_counts():
    return [
        model.objects.count()
        for model in (LanguageModel, Provider, Route, ImportRun, Route.history.model)
    ]


# (format, file name, content, a fragment of the message)
HOSTILE_FILES = [
    ("litellm", "deep.json", "[" * DEEP + "]" * DEEP, "nested more than 32 levels"),
    ("genai-prices", "deep.yml", "[" * DEEP + "]" * DEEP, "nested more than 32 levels"),
    ("genai-prices", "deep.json", "[" * DEEP + "]" * DEEP, "nested more than 32"),
    ("models.dev", "deep.json", '{"a": ' * DEEP + "1" + "}" * DEEP, "nested more"),
    ("catalog", "deep.json", "[" * DEEP + "]" * DEEP, "nested more than 32 levels"),
    ("litellm", "big.json", litellm("1e999999"), "too large to be a price"),
    ("genai-prices", "big.yml", genai("1.0e+999999"), "too large to be a price"),
    ("genai-prices", "big2.yml", genai("1e999999"), "too large to be a price"),
    ("models.dev", "big.json", models_dev_api("1e999999"), "too large to be a price"),
    ("catalog", "big.json", catalog("1e999999"), "above the 100000 limit"),
    ("litellm", "digits.json", litellm("9" * 5000), "unreadable number"),
    # $10**22 per 1M tokens: more digits than Decimal's context rounds.
    ("litellm", "huge.json", litellm("10000000000000000"), "above the 100000 limit"),
    ("genai-prices", "digits.yml", genai("9" * 5000), "unreadable number"),
    # 1e-400 per token, or per 1M tokens: not zero, but $0 at 6 places.
    ("litellm", "tiny.json", litellm("1e-400"), "too small to be a price"),
    ("litellm", "tiny2.json", litellm("1e-13"), "rounds to $0"),
    ("genai-prices", "tiny.yml", genai("1.0e-400"), "too small to be a price"),
    ("genai-prices", "tiny2.yml", genai("0.0000001"), "rounds to $0"),
    ("models.dev", "tiny.json", models_dev_api("1e-400"), "too small to be a price"),
]


@pytest.mark.parametrize(("format_name", "name", "content", "message"), HOSTILE_FILES)
def test_import_catalog_refuses_hostile_files_naming_them(
    tmp_path, format_name, name, content, message
):
    path = tmp_path / name
    path.write_text(content)
    before = row_counts()

    with pytest.raises(CommandError) as error:
        import_catalog(format_name, path)

    assert str(error.value).startswith("Nothing was imported.")
    assert name in str(error.value)
    assert message in str(error.value)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("a = " + "[" * DEEP + "]" * DEEP, "nested more than 32 levels"),
        ("[cost]\ninput = 1e999999\noutput = 1\n", "too large to be a price"),
        ("[cost]\ninput = 1e-400\noutput = 1\n", "too small to be a price"),
        (f"[limit]\ncontext = {'9' * 5000}\n", "unreadable number"),
    ],
)
def test_import_catalog_refuses_hostile_models_dev_trees(tmp_path, toml, message):
    tree = write_tree(tmp_path / "tree", toml)
    before = row_counts()

    with pytest.raises(CommandError) as error:
        import_catalog("models.dev", tree)

    assert "tree/providers/p/models/m.toml" in str(error.value)
    assert message in str(error.value)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("format_name", "name", "content", "message"),
    [case for case in HOSTILE_FILES if "deep" in case[1] or "big" in case[1]],
)
def test_the_admin_upload_refuses_hostile_files_on_the_form(
    admin_client, format_name, name, content, message
):
    before = row_counts()

    response = admin_client.post(
        reverse("admin:imports_importrun_upload"),
        {
            "file": SimpleUploadedFile(name, content.encode()),
            "format": format_name,
            "import_date": TODAY.isoformat(),
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert name in errors
    assert message in errors
    assert row_counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * DEEP + "]" * DEEP, "nested more than 32 levels"),
        ('{"format": ' + "9" * 5000 + "}", "unreadable number"),
        (catalog('"1e999999"'), "above the 100000 limit"),
        (catalog("1e999999"), "got the JSON number"),
    ],
)
def test_load_catalog_refuses_hostile_files_naming_them(tmp_path, content, message):
    path = tmp_path / "hostile.json"
    path.write_text(content)
    before = row_counts()

    with pytest.raises(CommandError) as error:
        call_command("load_catalog", str(path), stdout=StringIO())

    assert "hostile.json" in str(error.value)
    assert message in str(error.value)
    assert row_counts() == before


@pytest.mark.parametrize("command", ["load_catalog", "import_catalog"])
def test_commands_refuse_files_over_the_upload_limit(tmp_path, settings, command):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(100 * 1024 * 1024 + 1)  # sparse: no disk used
    arguments = ["--format=litellm"] if command == "import_catalog" else []

    with pytest.raises(CommandError, match=r"huge.json: the file is 104 MB; the limit"):
        call_command(command, str(path), *arguments, stdout=StringIO())


# Runs in its own process under an address-space limit of its start-up size
# plus 200 MB, so that a regression fails here instead of taking the machine.
BOMB_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    import django
    django.setup()
    from django.core.management import CommandError, call_command
    from imports import parsers
    from imports.parsers.base import ImportFormatError
    from imports.services import prepare

    status = open("/proc/self/status").read()
    size = int(status.split("VmSize:")[1].split()[0]) * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = size + 200 * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    path = sys.argv[1]
    started, messages = time.monotonic(), []
    try:
        call_command("import_catalog", path, "--format=genai-prices", "--dry-run")
    except CommandError as error:
        messages.append(str(error))
    try:  # the admin's upload, as it reads it
        upload = parsers.read_upload("bomb.yml", open(path, "rb").read())
        prepare("genai-prices", upload, today=None)
    except ImportFormatError as error:
        messages.append(str(error))
    print(json.dumps({
        "seconds": time.monotonic() - started,
        "grew_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss,
        "messages": messages,
    }))
    """
)


def test_a_yaml_billion_laughs_is_refused_in_under_5_s_and_200_mb(tmp_path):
    path = tmp_path / "bomb.yml"
    path.write_text(BILLION_LAUGHS)
    assert len(path.read_bytes()) < 400

    completed = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(path)],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(completed.stdout.splitlines()[-1])
    assert result["seconds"] < 5
    assert result["grew_kb"] < 200 * 1024
    assert len(result["messages"]) == 2
    for message in result["messages"]:
        assert "bomb.yml: malformed YAML: aliases are not accepted (*a)" in message


# The random mix: documents of every format with hostile values in the
# fields the parsers read. Each is read or refused naming the file; nothing
# else (no RecursionError, decimal.Overflow, MemoryError, TypeError).
def nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_NUMBERS = (
    "1e999999",
    "-1e999999",
    "1e-400",
    "1e-13",
    "9" * 5000,
    "NaN",
    "Infinity",
    "-0",
    "1_000",
    "0x10",
)
hostile_values = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from([True, None, "", "x" * 1000, [], {}, {"base": "1e999999"}]),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(30, 300).map(nested),
    st.text(max_size=20),
)
PRICE_KEYS = {
    "litellm": (
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "input_cost_per_token_above_200k_tokens",
        "max_input_tokens",
        "max_output_tokens",
        "deprecation_date",
        "supports_vision",
        "tiered_pricing",
        "litellm_provider",
    ),
    "genai-prices": (
        "input_mtok",
        "output_mtok",
        "cache_read_mtok",
        "context_window",
        "prices",
        "id",
    ),
    "models.dev": ("input", "output", "cache_read", "context", "output_limit"),
    "catalog": ("input_price", "output_price", "context_window", "identifier"),
}


def hostile_document(format_name, fields):
    """Return (file name, bytes) of a ``format_name`` document with ``fields``."""
    if format_name == "litellm":
        entry = {"mode": "chat", "litellm_provider": "openai", **fields}
        return "prices.json", json.dumps({"gpt-x": entry}).encode()
    if format_name == "genai-prices":
        prices = {k: v for k, v in fields.items() if k.endswith("mtok")}
        model = {"id": "m", "prices": {"output_mtok": 1, **prices}}
        model.update((k, v) for k, v in fields.items() if not k.endswith("mtok"))
        document = {"id": "p", "name": "P", "models": [model]}
        return "p.yml", yaml.safe_dump(document).encode()
    if format_name == "models.dev":
        cost = {
            k: v for k, v in fields.items() if k in ("input", "output", "cache_read")
        }
        limit = {"context": fields.get("context"), "output": fields.get("output_limit")}
        model = {"name": "GPT X", "cost": cost, "limit": limit}
        document = {"openai": {"name": "OpenAI", "models": {"gpt-x": model}}}
        return "api.json", json.dumps(document).encode()
    route = {"provider": "p", "identifier": "m", **fields}
    document = {
        "format": "llm-compare-catalog",
        "schema_version": 1,
        "providers": [{"slug": "p", "name": "P"}],
        "routes": [route],
    }
    return "catalog.json", json.dumps(document).encode()


HOSTILE_DOCUMENTS = 400


def test_random_hostile_documents_are_read_or_refused_naming_the_file():
    seen = []

    @hypothesis_settings(
        max_examples=HOSTILE_DOCUMENTS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data(), format_name=st.sampled_from(sorted(PRICE_KEYS)))
    def read(data, format_name):
        keys = PRICE_KEYS[format_name]
        fields = data.draw(st.dictionaries(st.sampled_from(keys), hostile_values))
        name, content = hostile_document(format_name, fields)
        try:
            prepare(format_name, parsers.read_upload(name, content), today=TODAY)
        except ImportFormatError as error:
            assert name in str(error)
            assert len(str(error)) < 20_000
        seen.append(format_name)

    read()
    assert len(seen) >= HOSTILE_DOCUMENTS
