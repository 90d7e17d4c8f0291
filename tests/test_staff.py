"""Staff tools (issue 10): `flask flow-graph`, `flask scenarios`, `flask cities check`,
run through Flask's CLI runner against the real app and the real city files."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from webapp import citydata
from webapp.questions import NAMES, QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
STAFF_TOOLS = ROOT / "docs" / "staff-tools.md"
# The questions these tests name; one added later (docs/adding.md) has its own tests.
KNOWN = ("birth_date", "my_number_card", "insurance_registration", "restricted_view", "care_need",
         "employer_insurance", "wants_deregistration")
ADDED = tuple(question for question in QUESTIONS if question.name not in KNOWN)


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=list(args))
    return invoke


# --- flow-graph ---------------------------------------------------------------------------

def mermaid_edges(text: str) -> set[tuple[str, str, str]]:
    found = set()
    for line in text.splitlines():
        match = re.fullmatch(r"\s*(\w+) -->(?:\|([^|]*)\|)? (\w+)", line)
        if match:
            found.add((match[1], match[3], match[2] or ""))
    return found


def test_flow_graph_follows_the_flow(run):
    result = run("flow-graph")
    assert result.exit_code == 0, result.output
    edges = mermaid_edges(result.output)
    assert result.output.startswith("flowchart TD\n")
    # Read from flow.py's rules, by hand: 75 or over stops after the birth date; only a
    # card holder is asked about registration; only a card that may be registered is
    # asked about the restricted view; "yes" to it skips the care-need question.
    assert ("birth_date", "check", "75 or over") in edges
    assert ("birth_date", "my_number_card", "under 75") in edges
    assert ("my_number_card", "insurance_registration", "held, lost") in edges
    assert ("my_number_card", "employer_insurance", "none") in edges
    assert ("insurance_registration", "employer_insurance", "not_registered") in edges
    assert ("restricted_view", "employer_insurance", "yes") in edges
    assert ("restricted_view", "care_need", "no, not answered") in edges
    # The last question (wants_deregistration, until one is added after it) leads to the
    # check page, whatever the answer.
    assert (NAMES[-1], "check", "") in edges
    # Every question is reached and every route ends at the check page.
    targets = {target for _source, target, _label in edges}
    assert targets >= {"birth_date", "my_number_card", "insurance_registration", "restricted_view",
                       "care_need", "employer_insurance", "wants_deregistration", "check"}
    assert targets >= set(NAMES)


def test_flow_graph_as_dot_to_a_file(run, tmp_path):
    out = tmp_path / "flow.dot"
    result = run("flow-graph", "--format", "dot", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph flow {") and text.rstrip().endswith("}")
    assert 'birth_date -> check [label="75 or over"];' in text


def test_the_staff_guide_shows_the_current_flow(run):
    """The diagram in docs/staff-tools.md is the command's output: regenerate it when flow.py changes
    (`flask --app webapp flow-graph`)."""
    blocks = re.findall(r"```mermaid\n(.*?)```", STAFF_TOOLS.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks == [run("flow-graph").output]


# --- scenarios ----------------------------------------------------------------------------

@pytest.fixture
def scenarios(run, tmp_path):
    def make(city, as_of):
        out = tmp_path / f"{city}-{as_of}.csv"
        result = run("scenarios", "--city", city, "--as-of", as_of, "-o", str(out))
        assert result.exit_code == 0, result.output
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return make


def find(rows, birth, **answers):
    """The one row of these answers (a question not named: not asked). A question added later
    has its usual answer where it is asked."""
    wanted = {"my_number_card": "", "insurance_registration": "", "restricted_view": "",
              "care_need": "", "employer_insurance": "", "wants_deregistration": "", **answers}
    (row,) = [row for row in rows if row["birth_date"] == birth
              and all(row[key] == value for key, value in wanted.items())
              and all(row[question.name] in ("", question.usual) for question in ADDED
                      if question.name not in answers)]
    return row


def papers(row):
    return [(row[f"paper{n}_type"], row[f"paper{n}_valid_from"], row[f"paper{n}_expires_on"])
            for n in range(1, 5) if row[f"paper{n}_type"]]


REGISTERED = dict(my_number_card="held", insurance_registration="registered", restricted_view="no",
                  care_need="no", employer_insurance="no", wants_deregistration="no")


def test_scenarios_header_and_coverage(scenarios):
    rows = scenarios("yamagata", "2026-08-01")
    assert list(rows[0])[:3] == ["birth_date", "age_on_as_of", "my_number_card"]
    assert {"scheme", "kind", "actions", "paper1_type", "paper1_valid_from", "paper1_expires_on",
            "paper1_issued", "paper1_expires_basis", "projected"} <= set(rows[0])
    ages = {int(row["age_on_as_of"]) for row in rows}
    assert min(ages) <= 68 and max(ages) == 76
    assert {row["birth_date"][8:] for row in rows} == {"01", "02"}
    # Every kind of outcome shows up: both schemes, both papers, each way a paper ends, a
    # notice kept from the year before, the unknown registration's two cases, every action
    # Yamagata's flyer can lead to (a lost card there is a reason to ask, not to apply).
    assert {row["scheme"] for row in rows} == {"nhi", "late_elderly"}
    assert {row["paper1_type"] for row in rows} >= {"qualification_notice", "eligibility_certificate"}
    # (No paper ends at the cost share in a later cycle: whoever turns 70 then holds a notice
    # issued with no expiry, and keeps what was printed on it.)
    ends = {row[f"paper{n}_ends_because"] for row in rows for n in range(1, 5) if row[f"paper{n}_type"]}
    assert ends == {"cycle_end", "late_elderly", ""}
    assert "cost_share_starts" in {row["paper1_ends_because"] for row in scenarios("yamagata", "2025-08-01")}
    bases = {row[f"paper{n}_expires_basis"] for row in rows for n in range(1, 5) if row[f"paper{n}_type"]}
    assert bases == {"projected", "national", "not_stated"}
    assert "earlier" in {row["paper1_issued"] for row in rows}
    assert {"if_registered", "if_not_registered"} <= {row["paper2_condition"] for row in rows} | \
        {row["paper1_condition"] for row in rows}
    actions = {action for row in rows for action in row["actions"].split()}
    assert actions == {"check_registration", "leave_nhi", "apply_certificate", "ask_without_card", "deregister",
                       "register_card", "replace_card"}
    assert {row["projected"] for row in rows} == {"yes"}  # Yamagata documents 2025 only


def test_scenarios_agree_with_the_citys_table(scenarios):
    rows = scenarios("shiroishi", "2025-08-01")
    # Born 1956-03-02: cost share from 2026-04-01, but Shiroishi's page has no row for turning
    # 70: its under-70 notice (no expiry) from 2025-10-01, when its 2025 papers start.
    assert papers(find(rows, "1956-03-02", **REGISTERED)) == [("qualification_notice", "2025-10-01", "")]
    # Already 70 when the papers start (cost share from 2025-09-01): the 70–74 row, to 31 July.
    assert papers(find(rows, "1955-08-02", **REGISTERED)) == [("qualification_notice", "2025-10-01", "2026-07-31")]
    # No card: a certificate, which ends the day before the 75th birthday (born 1951-02-02:
    # 75 on 2026-02-02, so it ends 2026-02-01), a national rule.
    row = find(rows, "1951-02-02", my_number_card="none", employer_insurance="yes")
    assert papers(row) == [("eligibility_certificate", "2025-10-01", "2026-02-01")]
    assert row["paper1_expires_basis"] == "national"
    assert row["actions"] == "leave_nhi"
    # 75 on 2025-09-01, before Shiroishi's 2025 papers start: no NHI paper at all, and the
    # old card only until the day before the birthday.
    row = find(rows, "1950-09-01", my_number_card="none", employer_insurance="no")
    assert (row["kind"], papers(row), row["old_card_valid_until"]) == ("nhi_no_paper", [], "2025-08-31")
    # 75 already: not asked anything more.
    row = find(rows, "1950-08-01")
    assert (row["scheme"], row["late_elderly_starts_on"]) == ("late_elderly", "2025-08-01")


def test_scenarios_refuse_bad_input(run):
    for args, words in [(("--city", "sendai"), "no city 'sendai'"),
                        (("--city", "shiroishi", "--as-of", "2025-02-30"), "YYYY-MM-DD"),
                        (("--city", "shiroishi", "--as-of", "2024-08-01"), "outside")]:
        result = run("scenarios", *args)
        assert result.exit_code == 2 and words in result.output, result.output


# --- cities check -------------------------------------------------------------------------

def copy_of(tmp_path, city_id="yamagata") -> Path:
    """The city file and, beside it, the document's text it names."""
    path = tmp_path / f"{city_id}.yaml"
    shutil.copy(citydata.CITIES_DIR / f"{city_id}.yaml", path)
    for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
        shutil.copy(citydata.CITIES_DIR / source["text"], tmp_path / source["text"])
    return path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the text on the first line that has it; return that line's number (1-based)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize("city_id", ["yamagata", "shiroishi"])
def test_real_files_are_ok(run, city_id):
    result = run("cities", "check", str(citydata.CITIES_DIR / f"{city_id}.yaml"))
    first, says = result.output.strip().splitlines()
    assert (result.exit_code, first) == (0, "ok")
    # What "ok" covers, and what it does not (issue 26: "one check a clerk runs").
    assert re.search(r"and \d+ answers it gives", says) and "not checked here: how the pages lay out" in says


def test_a_quote_not_in_the_documents_text_is_named_with_its_line(run, tmp_path):
    """Issue 26: a quote the page does not hold fails the check (width, spaces and line
    breaks aside), named with its line; the text it is looked for in must be there."""
    path = copy_of(tmp_path)
    # Full-width digits and spaces in a quote are the page's own, not a difference.
    widened = edit(path, "words: 令和８年７月31日}", "words: 令和８年７月３１日 }")
    made_up = edit(path, "words: ありません}", "words: ありませんでした}")
    second_piece = edit(path, "words: 誕生月の末日 / 1日生まれの方は誕生日の前日}",
                        "words: 誕生月の末日 / 1日生まれの方は誕生日の当日}")
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:line {made_up}: field papers/1/valid_until/cite/words: 「ありませんでした」 "
                               "is not in yamagata-city-flyer.txt")
    assert lines[1].startswith(f"{path}:line {second_piece}: field ") and "「1日生まれの方は誕生日の当日」" in lines[1]
    assert widened not in (made_up, second_piece)
    (tmp_path / "yamagata-city-flyer.txt").unlink()
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    assert "field sources/yamagata-flyer/text: the document's text 'yamagata-city-flyer.txt' cannot be read" \
        in result.stderr


def test_every_schema_problem_with_its_line(run, tmp_path):
    path = copy_of(tmp_path)
    phone = edit(path, "    phone: 023-641-1212", "    phone: 236411212")  # a number, not text
    recipient = edit(path, "        id: each_person", "        id: everyone")
    rule = edit(path, "      rule: no_expiry", "      rule: forever")
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith(f"{path}:line {phone}: field offices/nhi/phone: ")
    assert lines[1].startswith(f"{path}:line {rule}: field papers/1/valid_until/rule: ")
    assert lines[2].startswith(f"{path}:line {recipient}: field papers/1/mailing/recipient/id: ")
    assert "'forever'" in lines[1]
    # Start-up refuses the same file, naming one of them.
    with pytest.raises(citydata.CityDataError, match="field (offices|papers)/"):
        citydata.load_city(path, citydata.load_national())


def test_missing_field_points_at_its_parent(run, tmp_path):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    name: {ja: 市民課, en: Citizens Division}\n", ""), encoding="utf-8")
    parent = edit(path, "  citizens:", "  citizens:")
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    # An office's name cannot be null: the message does not offer it.
    assert f"line {parent}: field offices/citizens: the field 'name' is required: write it (it cannot be null)" \
        in result.stderr


def test_problem_beyond_the_schema_with_its_line(run, tmp_path):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    # An action sent to an office the file does not have (load_city's own check).
    start = text.index("actions:")
    office = text.index("office: nhi", start)
    path.write_text(text[:office] + "office: nowhere" + text[office + len("office: nhi"):],
                    encoding="utf-8")
    line = text[:office].count("\n") + 1
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith(f"{path}:line {line}: field actions/")
    assert "no office 'nowhere' in offices" in message


def test_source_problem_found_by_id(run, tmp_path):
    path = copy_of(tmp_path)
    line = edit(path, "    published: null                 # the flyer carries no date",
                "    published: '2025-02-30'  #")
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    assert f"line {line}: field sources/yamagata-flyer/published: '2025-02-30' is not a real date" \
        in result.stderr


def test_file_name_must_match_the_id(run, tmp_path):
    path = tmp_path / "other.yaml"
    shutil.copy(citydata.CITIES_DIR / "yamagata.yaml", path)
    result = run("cities", "check", str(path))
    assert result.exit_code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("id: yamagata") + 1
    assert f"{path}:line {line}: field id: 'yamagata' must match the file name 'other'" in result.stderr


def test_broken_yaml_and_missing_file(run, tmp_path):
    path = copy_of(tmp_path)
    line = edit(path, "  citizens:", "  citizens: [")
    result = run("cities", "check", str(path))
    assert result.exit_code == 1 and "not valid YAML" in result.stderr
    reported = int(re.search(r":line (\d+):", result.stderr)[1])
    assert line <= reported <= line + 2  # the parser notices a little after the bracket
    missing = run("cities", "check", str(tmp_path / "nothing.yaml"))
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_check_messages_are_in_the_docs_words_with_rows_from_1(run, tmp_path):
    """Issue 26: what a clerk reads names the row as they count it (from 1) and says what to
    write, not the schema's words (「None is not of type 'object'」)."""
    path = copy_of(tmp_path)
    union = edit(path, "late_elderly:", "late_elderly: null")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # late_elderly's own lines go, so that null stands alone
    end = next(i for i in range(union, len(text)) if text[i][:1] not in (" ", "#"))
    path.write_text("".join(text[:union] + text[end:]), encoding="utf-8")
    rule = edit(path, "      rule: no_expiry", "      rule: forever")
    result = run("cities", "check", str(path))
    lines = result.stderr.strip().splitlines()
    assert f"line {union}: field late_elderly: null cannot be here: write a mapping" in lines[0]
    assert f"line {rule}: field papers/1/valid_until/rule: 'forever' is not one of: no_expiry," in lines[1]
    assert not [line for line in lines if "is not of type" in line or "None" in line]


def test_the_check_runs_where_a_broken_file_stops_the_app(tmp_path, make_app):
    """A broken file in the folder of cities stops the app, and `flask cities check` with it;
    `python -m webapp.staff check` names its problem and line all the same (a clerk's path)."""
    import subprocess
    import sys
    path = copy_of(tmp_path)
    rule = edit(path, "      rule: no_expiry", "      rule: forever")
    with pytest.raises(citydata.CityDataError):
        make_app(CITY_DATA_DIR=str(tmp_path))
    found = subprocess.run([sys.executable, "-m", "webapp.staff", "check", str(path)],
                           capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert found.returncode == 1, found.stderr
    assert f"{path}:line {rule}: field papers/1/valid_until/rule: 'forever' is not one of:" in found.stderr
    ok = subprocess.run([sys.executable, "-m", "webapp.staff", "check", str(citydata.CITIES_DIR / "shiroishi.yaml")],
                        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert (ok.returncode, ok.stdout.splitlines()[0].endswith(": ok")) == (0, True), ok.stderr
