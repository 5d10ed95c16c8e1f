#!/usr/bin/python3
"""Generate a corpus of malformed scenario files for `povsim check` (issue 13, reliability table).

Usage:
    /usr/bin/python3 tests/reliability/bad_scenarios.py OUT_DIR

Every case is one file OUT_DIR/<class>__<short_name>.toml, derived from tests/data/tiny.toml
(read relative to this script) by a small textual edit, or written from scratch (syntax, sizes,
binary garbage). Nothing else is needed to run a case: `povsim check OUT_DIR/<file>`. Cases that
use `extends` name other files of the corpus, so keep the folder together.

What counts as a pass (checked by run_corpus.py): exit 2 with a message on stderr naming the file
(and, where the problem has one, the line and key); never a signal, never exit 1 ("internal
error"), never a hang. The class `valid_oddity` holds files that are unusual but valid TOML and a
valid scenario (CRLF line ends, a UTF-8 BOM, exactly 16 MiB): for them exit 0 is the right answer.
The output is deterministic: the same files, byte for byte, on every run.
"""
import gzip
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests" / "data" / "tiny.toml").read_text(encoding="utf-8")
MIB = 1 << 20
CASES = {}  # file name -> bytes


def case(cls, name, data):
    """Register one case; data is str (written as UTF-8) or bytes."""
    fname = f"{cls}__{name}.toml"
    assert fname not in CASES, fname
    CASES[fname] = data.encode("utf-8") if isinstance(data, str) else data


def sub(old, new, text=None):
    """tiny.toml with the first occurrence of `old` replaced by `new` (old must be there)."""
    text = BASE if text is None else text
    assert old in text, f"not in tiny.toml: {old!r}"
    return text.replace(old, new, 1)


def drop_section(header):
    """tiny.toml without the table starting at `header` (up to the next header line)."""
    lines, out, skipping = BASE.splitlines(keepends=True), [], False
    for line in lines:
        if line.startswith("["):
            skipping = line.strip() == header
        if not skipping:
            out.append(line)
    assert len(out) < len(lines), header
    return "".join(out)


TARGET = '\n[[targets]]\nmetric = "n_registered_poor"\nrole = "check"\nyear = 2017\nvalue = 335\ntolerance = 0.5\nsource = "x"\n'


def syntax():
    c = "syntax"
    case(c, "unclosed_string", sub('name = "tiny"', 'name = "tiny'))
    case(c, "unclosed_multiline_string", sub('description = "Test', 'description = """Test'))
    case(c, "unclosed_literal_string", sub('name = "tiny"', "name = 'tiny"))
    case(c, "bad_escape", sub('name = "tiny"', r'name = "ti\qny"'))
    case(c, "bad_unicode_escape", sub('name = "tiny"', r'name = "\uZZZZ"'))
    case(c, "surrogate_escape", sub('name = "tiny"', r'name = "\uD800"'))
    case(c, "escape_above_unicode", sub('name = "tiny"', r'name = "\U00110000"'))
    case(c, "duplicate_key", sub("seed = 42", "seed = 42\nseed = 43"))
    case(c, "duplicate_key_other_type", sub("seed = 42", 'seed = 42\nseed = "43"'))
    case(c, "duplicate_table", BASE + "\n[monte_carlo]\nthreads = 1\n")
    case(c, "duplicate_programme_table", BASE + "\n[programmes.dibao]\nlabel = \"again\"\n")
    case(c, "table_after_array_of_tables", BASE + "\n[population.counties]\nname = \"x\"\n")
    case(c, "array_of_tables_after_table", BASE + "\n[[monte_carlo]]\nruns = 1\n")
    case(c, "dotted_key_then_table", sub("[monte_carlo]", "monte_carlo.runs = 3\n\n[monte_carlo]"))
    case(c, "extend_inline_table", sub("[transition]", "[thresholds.poverty_line]\n2021 = 4000\n\n[transition]"))
    case(c, "inline_table_dotted_extend", sub("poverty_line_growth_after", "poverty_line.2021 = 4000\npoverty_line_growth_after"))
    case(c, "missing_equals", sub("runs = 8", "runs 8"))
    case(c, "missing_value", sub("runs = 8", "runs ="))
    case(c, "two_keys_one_line", sub("runs = 8", "runs = 8 seed = 1"))
    case(c, "trailing_comma_inline_table", sub("county = 0.1 }", "county = 0.1, }"))
    case(c, "newline_in_inline_table", sub("provincial = 0.2, county = 0.1 }", "provincial = 0.2,\ncounty = 0.1 }"))
    case(c, "unclosed_inline_table", sub("county = 0.1 }", "county = 0.1"))
    case(c, "unclosed_table_header", sub("[monte_carlo]", "[monte_carlo"))
    case(c, "unclosed_array_of_tables", sub("[[population.units]]", "[[population.units]"))
    case(c, "stray_closing_brackets", sub("[monte_carlo]", "[monte_carlo]]]"))
    case(c, "empty_table_header", sub("[monte_carlo]", "[]"))
    case(c, "unclosed_array", sub('"no_labour"]', '"no_labour"'))
    case(c, "key_with_space", sub("runs = 8", "ru ns = 8"))
    case(c, "empty_bare_key", sub("runs = 8", "= 8"))
    case(c, "leading_zero", sub("runs = 8", "runs = 08"))
    case(c, "double_underscore", sub("households = 500", "households = 5__00"))
    case(c, "bad_float", sub("ratio = 0.55", "ratio = .55"))
    case(c, "bad_exponent", sub("ratio = 0.55", "ratio = 5e"))
    case(c, "bad_bool", sub("poor_county = true", "poor_county = True"))
    case(c, "bad_date", sub("exit_margin = 300", "exit_margin = 2020-13-45"))
    case(c, "comment_without_hash", sub("[monte_carlo]", "this is a comment\n[monte_carlo]"))
    case(c, "only_open_bracket", BASE + "\n[\n")


def parser_hazard():
    """Inputs that reach known toml++ 3.3 defects (scenarios/toml_guard.h) and must be refused."""
    c = "parser_hazard"
    case(c, "header_starting_with_dot", BASE + "\n[.zeta]\nx = 1\n")
    case(c, "triple_bracket_header", BASE + "\n[[[a]]]\n")
    case(c, "array_closed_by_brace", sub("runs = 8", "runs = [}"))
    case(c, "datetime_t_without_digit", sub("runs = 8", "runs = 1979-05-27T:32"))
    case(c, "date_space_digit", sub("runs = 8", "runs = [2020-01-01 2,"))
    case(c, "bare_key_e_acute", sub("runs = 8", "é = 8"))
    case(c, "bare_key_ideographic_comma", sub("runs = 8", "、 = 8"))
    case(c, "ideographic_space_before_key", sub("runs = 8", "\u3000runs = 8"))
    case(c, "corner_bracket_after_value", sub("runs = 8", "runs = 8「"))
    case(c, "multiline_backslash_then_e_acute", sub('description = "Test region: 2 counties, 3 units, 12 villages"',
                                                    'description = """a \\\n  é"""'))


def encoding():
    c, b = "encoding", BASE.encode("utf-8")
    case(c, "invalid_utf8_in_string", b.replace(b'"tiny"', b'"ti\xffny"', 1))
    case(c, "invalid_utf8_in_comment", b.replace(b"# A small", b"# \xfe\xff small", 1))
    case(c, "invalid_utf8_in_key", b.replace(b"runs = 8", b"ru\x80ns = 8", 1))
    case(c, "overlong_utf8", b.replace(b'"tiny"', b'"\xc0\xaf"', 1))
    case(c, "utf8_encoded_surrogate", b.replace(b'"tiny"', b'"\xed\xa0\x80"', 1))
    case(c, "truncated_utf8_at_eof", b + b'x = "\xe6\xb5')
    case(c, "nul_in_string", b.replace(b'"tiny"', b'"ti\x00ny"', 1))
    case(c, "nul_in_comment", b.replace(b"# A small", b"# A\x00small", 1))
    case(c, "nul_at_start", b"\x00" + b)
    case(c, "nul_in_key", b.replace(b"runs = 8", b"ru\x00ns = 8", 1))
    case(c, "control_char_in_string", b.replace(b'"tiny"', b'"ti\x01ny"', 1))
    case(c, "del_in_string", b.replace(b'"tiny"', b'"ti\x7fny"', 1))
    case(c, "lone_cr_line_ends", b.replace(b"\n", b"\r"))
    case(c, "cr_in_comment", b.replace(b"# A small", b"# A\rsmall", 1))
    case(c, "bom_twice", b"\xef\xbb\xbf\xef\xbb\xbf" + b)
    case(c, "bom_mid_file", b.replace(b"[monte_carlo]", b"\xef\xbb\xbf[monte_carlo]", 1))
    case(c, "utf16le_with_bom", BASE.encode("utf-16"))
    case(c, "utf32_with_bom", BASE.encode("utf-32"))
    case(c, "latin1_text", sub('region = "测试县 test region"', 'region = "Région"').encode("latin-1", "replace"))


def valid_oddity():
    """Unusual but valid files: exit 0 is the correct answer for these."""
    c = "valid_oddity"
    case(c, "crlf_line_ends", BASE.replace("\n", "\r\n"))
    case(c, "utf8_bom", b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    case(c, "no_final_newline", BASE.rstrip("\n"))
    pad = 16 * MIB - len(BASE.encode("utf-8"))
    case(c, "exactly_16mib", BASE + "#" * (pad - 1) + "\n")


def types():
    c = "type"
    case(c, "start_year_string", sub("start_year = 2016", 'start_year = "2016"'))
    case(c, "end_year_float", sub("end_year = 2022", "end_year = 2022.0"))
    case(c, "runs_float", sub("runs = 8", "runs = 8.5"))
    case(c, "runs_string", sub("runs = 8", 'runs = "8"'))
    case(c, "seed_string", sub("seed = 42", 'seed = "42"'))
    case(c, "name_number", sub('name = "tiny"', "name = 42"))
    case(c, "name_not_bare", sub('name = "tiny"', 'name = "../../tmp/tiny x"'))
    case(c, "poor_county_string", sub("poor_county = true", 'poor_county = "yes"'))
    case(c, "households_float", sub("households = 500", "households = 500.5"))
    case(c, "households_string", sub("households = 500", 'households = "500"'))
    case(c, "households_array", sub("households = 500", "households = [500]"))
    case(c, "exit_margin_bool", sub("exit_margin = 300", "exit_margin = true"))
    case(c, "exit_margin_date", sub("exit_margin = 300", "exit_margin = 2020-01-01"))
    case(c, "poverty_line_number", sub("poverty_line = {", "poverty_line = 3000\nxx = {"))
    case(c, "poverty_line_array", sub("poverty_line = { 2015 = 2968, 2016 = 3146,", "poverty_line = [2968, 3146,").replace("3972 }", "3972 ]", 1))
    case(c, "poverty_line_year_not_integer", sub("2015 = 2968", "abc = 2968"))
    case(c, "eligible_string", sub('eligible = ["supported", "no_labour"]', 'eligible = "supported"'))
    case(c, "sources_array", sub("sources = { central = 0.7, provincial = 0.2, county = 0.1 }", "sources = [0.7, 0.2, 0.1]"))
    case(c, "target_number", sub("target = { 2016 = 50, 2017 = 50 }", "target = 50"))
    case(c, "scenario_string", sub("[scenario]\n", 'scenario = "tiny"\n[scenario_x]\n'))
    case(c, "monte_carlo_array", sub("[monte_carlo]\nruns = 8\nseed = 42\n", "monte_carlo = [8, 42]\n"))
    case(c, "counties_table", sub("[[population.counties]]", "[population.counties]").replace(
        '[[population.counties]]\nname = "west"', '[population.counties.w]\nname = "west"', 1))
    case(c, "crisis_table", sub("[[shocks.crisis]]", "[shocks.crisis]"))
    case(c, "effect_number", sub("[programmes.industry.effect]\n", "[programmes.industry.x]\n").replace(
        'ceiling = { 2016 = 800000 }', 'ceiling = { 2016 = 800000 }\neffect = 600', 1))
    case(c, "distribution_unknown", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "cauchy", low = 0.9, high = 1.0 }'))
    case(c, "distribution_missing_field", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "uniform", low = 0.9 }'))
    case(c, "distribution_on_fixed_key", sub("exit_margin = 300", 'exit_margin = { dist = "uniform", low = 100, high = 500 }'))
    case(c, "population_array", sub("[population.villages]\npoor_collective_income_median = 20000\n", "") + "\npopulation = [1, 2]\n")


def ranges():
    c = "range"
    case(c, "negative_households", sub("households = 500", "households = -500"))
    case(c, "zero_households", sub("households = 500\npersons = 1600", "households = 0\npersons = 0"))
    case(c, "negative_persons", sub("persons = 1600", "persons = -1600"))
    case(c, "persons_less_than_households", sub("persons = 1600", "persons = 400"))
    case(c, "poor_villages_above_villages", sub("poor_villages = 2", "poor_villages = 7"))
    case(c, "negative_villages", sub("villages = 4\npoor_villages = 2", "villages = -4\npoor_villages = 2"))
    case(c, "registered_above_households", sub("registered_households = 120", "registered_households = 900"))
    case(c, "segments_disagree_with_units", sub("households = 100\npersons = 190", "households = 150\npersons = 190"))
    case(c, "probability_above_one", sub("success_probability = 0.8", "success_probability = 1.5"))
    case(c, "probability_negative", sub("success_probability = 0.8", "success_probability = -0.1"))
    case(c, "pass_rate_above_one", sub("verification_pass_rate = 0.95", "verification_pass_rate = 2"))
    case(c, "ratio_above_one", sub("ratio = 0.55", "ratio = 1.2"))
    case(c, "shares_sum_above_one", sub("county = 0.1 }", "county = 0.2 }"))
    case(c, "shares_sum_below_one", sub("county = 0.1 }", "county = 0.0 }"))
    case(c, "share_negative", sub("central = 0.7, provincial = 0.2", "central = 1.0, provincial = -0.1"))
    case(c, "target_share_above_one", sub("target_share = 1.0", "target_share = 2.0"))
    case(c, "start_after_end", sub("start_year = 2016", "start_year = 2023"))
    case(c, "start_year_1800", sub("start_year = 2016", "start_year = 1800"))
    case(c, "end_year_3000", sub("end_year = 2022", "end_year = 3000"))
    case(c, "crisis_year_outside", sub("year = 2020\nwage_factor", "year = 2030\nwage_factor"))
    case(c, "target_year_outside", sub("target = { 2016 = 50, 2017 = 50 }", "target = { 2016 = 50, 2099 = 50 }"))
    case(c, "ceiling_year_outside", sub("ceiling = { 2016 = 800000 }", "ceiling = { 1999 = 800000 }"))
    case(c, "phase_out_year_outside", sub("2022 = 0.8 }", "2042 = 0.8 }"))
    case(c, "exit_year_after_start", sub("exit_year = 2015", "exit_year = 2021"))
    case(c, "runs_zero", sub("runs = 8", "runs = 0"))
    case(c, "runs_negative", sub("runs = 8", "runs = -1"))
    case(c, "seed_negative", sub("seed = 42", "seed = -1"))
    case(c, "threads_negative", sub("seed = 42", "seed = 42\nthreads = -1"))
    case(c, "exit_consecutive_zero", sub("exit_consecutive_years = 2", "exit_consecutive_years = 0"))
    case(c, "sigma_negative", sub("sigma = 0.3", "sigma = -0.3"))
    case(c, "decay_above_one", sub("decay = 0.1", "decay = 1.5"))
    case(c, "duration_negative", sub("duration_years = 4", "duration_years = -4"))
    case(c, "cost_negative", sub("one_off_cost = 19250", "one_off_cost = -19250"))
    case(c, "poverty_line_negative", sub("2016 = 3146", "2016 = -3146"))
    case(c, "uniform_low_above_high", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "uniform", low = 0.99, high = 0.5 }'))
    case(c, "normal_negative_sd", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "normal", mean = 0.9, sd = -1 }'))
    case(c, "beta_zero_parameters", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "beta", alpha = 0, beta = 0 }'))


def nonfinite():
    c = "nonfinite"
    case(c, "poverty_line_nan", sub("2016 = 3146", "2016 = nan"))
    case(c, "exit_margin_inf", sub("exit_margin = 300", "exit_margin = inf"))
    case(c, "cap_minus_inf", sub("cap = 150000", "cap = -inf"))
    case(c, "pass_rate_nan", sub("verification_pass_rate = 0.95", "verification_pass_rate = nan"))
    case(c, "probability_plus_nan", sub("success_probability = 0.8", "success_probability = +nan"))
    case(c, "one_off_cost_1e308", sub("one_off_cost = 19250", "one_off_cost = 1e308"))
    case(c, "median_1e308", sub("median = 11000", "median = 1e308"))
    case(c, "ceiling_1e308", sub("ceiling = { 2016 = 800000 }", "ceiling = { 2016 = 1e308 }"))
    case(c, "income_effect_1e308", sub("income = 600", "income = 1e308"))
    case(c, "cost_1e400", sub("one_off_cost = 19250", "one_off_cost = 1e400"))
    case(c, "cost_minus_1e400", sub("one_off_cost = 19250", "one_off_cost = -1e400"))
    case(c, "sigma_1e_minus_400", sub("sigma = 0.3", "sigma = 1e-400"))
    case(c, "normal_mean_inf", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "normal", mean = inf, sd = 0.1 }'))
    case(c, "uniform_nan_bounds", sub("verification_pass_rate = 0.95", 'verification_pass_rate = { dist = "uniform", low = nan, high = nan }'))
    case(c, "runs_inf", sub("runs = 8", "runs = inf"))
    case(c, "target_value_nan", BASE + TARGET.replace("value = 335", "value = nan"))
    case(c, "target_tolerance_inf", BASE + TARGET.replace("tolerance = 0.5", "tolerance = inf"))


def overflow():
    c = "overflow"
    case(c, "households_2pow63", sub("households = 500", "households = 9223372036854775808"))
    case(c, "households_int64_max", sub("households = 500", "households = 9223372036854775807"))
    case(c, "households_2pow31", sub("households = 500", "households = 2147483648"))
    case(c, "households_2pow32", sub("households = 500\npersons = 1600", "households = 4294967296\npersons = 4294967296"))
    case(c, "households_1e9", sub("households = 500\npersons = 1600", "households = 1000000000\npersons = 3000000000"))
    case(c, "persons_2pow62_each_unit", BASE.replace("persons = 1600", "persons = 4611686018427387904").replace(
        "persons = 1250", "persons = 4611686018427387904").replace("persons = 1900", "persons = 4611686018427387904"))
    case(c, "villages_2pow31", sub("villages = 4\npoor_villages = 2", "villages = 2147483648\npoor_villages = 2"))
    case(c, "seed_2pow64", sub("seed = 42", "seed = 18446744073709551616"))
    case(c, "seed_int64_max", sub("seed = 42", "seed = 9223372036854775807"))
    case(c, "runs_2pow31", sub("runs = 8", "runs = 2147483648"))
    case(c, "threads_2pow31", sub("seed = 42", "seed = 42\nthreads = 2147483648"))
    case(c, "start_year_2pow31", sub("start_year = 2016", "start_year = 2147483648"))
    case(c, "end_year_int64_min", sub("end_year = 2022", "end_year = -9223372036854775808"))
    case(c, "year_key_2pow63", sub("2015 = 2968", "9223372036854775808 = 2968"))
    case(c, "exit_consecutive_2pow31", sub("exit_consecutive_years = 2", "exit_consecutive_years = 2147483648"))
    case(c, "duration_2pow31", sub("duration_years = 4", "duration_years = 2147483648"))
    case(c, "target_2pow62", sub("target = { 2016 = 50, 2017 = 50 }", "target = { 2016 = 4611686018427387904, 2017 = 4611686018427387904 }"))


def unknown_key():
    c = "unknown_key"
    case(c, "table_typo", sub("[scenario]", "[scenraio]"))
    case(c, "key_typo", sub("households = 500", "housholds = 500"))
    case(c, "monte_carlo_typo", sub("[monte_carlo]", "[montecarlo]"))
    case(c, "programme_key_typo", sub('kind = "top_up"', 'kidn = "top_up"'))
    case(c, "effect_key_typo", sub("income = 600", "incom = 600"))
    case(c, "top_level_table", BASE + "\n[foo]\nbar = 1\n")
    case(c, "top_level_key", "answer = 42\n" + BASE)
    case(c, "threshold_typo", sub("exit_margin = 300", "exit_margn = 300"))
    case(c, "segment_key_typo", sub("labour = false", "labor = false"))
    case(c, "dotted_deep_unknown", sub("[monte_carlo]", "[monte_carlo]\nextra.deep.key = 1"))
    case(c, "target_key_typo", BASE + TARGET.replace("tolerance", "tolerence"))
    case(c, "many_unknown_keys", sub("[monte_carlo]", "[monte_carlo]\n" + "".join(f"k{i} = {i}\n" for i in range(50000))))


def missing():
    c = "missing"
    case(c, "no_scenario_table", drop_section("[scenario]"))
    case(c, "no_name", sub('name = "tiny"\n', ""))
    case(c, "no_start_year", sub("start_year = 2016\n", ""))
    case(c, "no_end_year", sub("end_year = 2022\n", ""))
    case(c, "no_poverty_line", sub("poverty_line = { 2015 = 2968, 2016 = 3146, 2017 = 3335, 2018 = 3535, 2019 = 3747, 2020 = 3972 }\n", ""))
    case(c, "no_counties", drop_section("[[population.counties]]"))
    case(c, "no_units", drop_section("[[population.units]]"))
    case(c, "no_segments", drop_section("[[population.segments]]"))
    case(c, "unit_without_county", sub('county = "east"\n', ""))
    case(c, "unit_without_name", sub('name = "u1"\n', ""))
    case(c, "programme_without_sources", sub("sources = { central = 0.7, provincial = 0.2, county = 0.1 }\n", ""))
    case(c, "crisis_without_year", sub("year = 2020\nwage_factor", "wage_factor"))
    case(c, "target_without_role", BASE + TARGET.replace('role = "check"\n', ""))
    case(c, "exited_without_exit_year", sub("exit_year = 2015\n", ""))
    case(c, "only_scenario_table", '[scenario]\nname = "x"\nstart_year = 2016\nend_year = 2020\n')


def reference():
    c = "reference"
    case(c, "unknown_county", sub('county = "east"', 'county = "north"'))
    case(c, "unknown_eligibility", sub('"supported"', '"supportedd"'))
    case(c, "unknown_cause", sub('cause = "illness"', 'cause = "lazy"'))
    case(c, "unknown_status", sub('status = "exited"', 'status = "gone"'))
    case(c, "unknown_kind", sub('kind = "grant"', 'kind = "gift"'))
    case(c, "unknown_source", sub("county = 0.1 }", "city = 0.1 }"))
    case(c, "unknown_target_metric", BASE + TARGET.replace("n_registered_poor", "n_registred_poor"))
    case(c, "unknown_source_ceiling", BASE + "\n[budget.source_ceilings]\ncity = { 2018 = 100 }\n")
    case(c, "duplicate_county_name", sub('name = "west"', 'name = "east"'))
    case(c, "duplicate_unit_name", sub('name = "u2"', 'name = "u1"'))
    case(c, "duplicate_segment_name", sub('name = "exited"', 'name = "poor"'))
    case(c, "empty_county_name", BASE.replace('"east"', '""'))
    case(c, "programme_id_with_space", sub("[programmes.dibao]", '[programmes."di bao"]'))
    case(c, "programme_id_empty", sub("[programmes.dibao]", '[programmes.""]'))
    case(c, "programme_id_slash", sub("[programmes.dibao]", '[programmes."../dibao"]'))
    case(c, "scenario_name_empty", sub('name = "tiny"', 'name = ""'))


def extends():
    c = "extends"
    body = BASE
    case(c, "missing_file", 'extends = "no_such_file.toml"\n' + body)
    case(c, "self", 'extends = "extends__self.toml"\n' + body)
    case(c, "cycle_a", 'extends = "extends__cycle_b.toml"\n' + body)
    case(c, "cycle_b", 'extends = "extends__cycle_a.toml"\n' + body)
    for i in range(3):
        case(c, f"cycle3_{i}", f'extends = "extends__cycle3_{(i + 1) % 3}.toml"\n[scenario]\nname = "c{i}"\n')
    case(c, "unknown_builtin", 'extends = "jinghee"\n[scenario]\nname = "x"\n')
    case(c, "directory", 'extends = "."\n[scenario]\nname = "x"\n')
    case(c, "dev_zero", 'extends = "/dev/zero"\n[scenario]\nname = "x"\n')
    case(c, "not_toml_file", 'extends = "/etc/passwd"\n[scenario]\nname = "x"\n')
    case(c, "number", "extends = 42\n" + body)
    case(c, "array", 'extends = ["tiny.toml"]\n' + body)
    case(c, "empty_string", 'extends = ""\n' + body)
    case(c, "inside_table", sub("[scenario]\n", '[scenario]\nextends = "tiny.toml"\n'))
    case(c, "binary_parent", 'extends = "binary__random_4k.toml"\n[scenario]\nname = "x"\n')
    case(c, "oversized_parent", 'extends = "size__over_16mib.toml"\n[scenario]\nname = "x"\n')
    case(c, "deep_parent", 'extends = "nesting__dotted_key_100k.toml"\n[scenario]\nname = "x"\n')
    case(c, "bad_value_parent", 'extends = "range__negative_households.toml"\n[scenario]\nname = "x"\n')
    for i in range(10):  # a chain of ten files ending in a missing one
        nxt = f"extends__chain_{i + 1:02d}.toml" if i < 9 else "chain_end_missing.toml"
        case(c, f"chain_{i:02d}", f'extends = "{nxt}"\n[scenario]\nname = "chain{i}"\n')


def nesting():
    c, n = "nesting", 100_000
    case(c, "dotted_key_100k", "a." * (n - 1) + "a = 1\n" + BASE)
    case(c, "table_header_100k", BASE + "\n[" + "a." * (n - 1) + "a]\nx = 1\n")
    case(c, "array_table_header_100k", BASE + "\n[[" + "a." * (n - 1) + "a]]\nx = 1\n")
    case(c, "quoted_dotted_key_100k", '"a".' * (n - 1) + '"a" = 1\n' + BASE)
    case(c, "array_100k", BASE + "\nx = " + "[" * n + "]" * n + "\n")
    case(c, "array_unclosed_100k", BASE + "\nx = " + "[" * n + "\n")
    case(c, "inline_table_100k", BASE + "\nx = " + "{a = " * n + "1" + " }" * n + "\n")
    case(c, "mixed_array_table_100k", BASE + "\nx = " + "[{a = " * n + "1" + "}]" * n + "\n")
    case(c, "dotted_in_inline_table_100k", BASE + "\nx = { " + "a." * (n - 1) + "a = 1 }\n")
    case(c, "dotted_key_64", sub("[monte_carlo]", "[monte_carlo]\n" + "a." * 63 + "a = 1"))
    case(c, "dotted_key_65", sub("[monte_carlo]", "[monte_carlo]\n" + "a." * 64 + "a = 1"))
    case(c, "array_65", BASE + "\nx = " + "[" * 65 + "]" * 65 + "\n")
    case(c, "long_bare_key_1mib", sub("runs = 8", "r" * MIB + " = 8"))
    case(c, "many_counties_100k", BASE + "".join(f'\n[[population.counties]]\nname = "c{i}"\n' for i in range(100_000)))


def size():
    c, tail = "size", BASE.encode("utf-8")
    case(c, "over_16mib", tail + b"#" * (16 * MIB + 1 - len(tail) - 1) + b"\n")
    case(c, "64mib_of_a", b"a" * (64 * MIB))
    case(c, "one_line_20mib", b"x = '" + b"y" * (20 * MIB))
    case(c, "description_10mib", sub('description = "Test region: 2 counties, 3 units, 12 villages"',
                                     'description = "' + "d" * (10 * MIB) + '"'))
    case(c, "region_1mib_chinese", sub('region = "测试县 test region"', 'region = "' + "县" * (MIB // 3) + '"'))


def empty_and_binary():
    rnd = random.Random(13)
    case("empty", "zero_bytes", b"")
    case("empty", "whitespace_only", " \t\n\n   \n")
    case("empty", "comments_only", "# nothing\n# here\n")
    case("empty", "bom_only", b"\xef\xbb\xbf")
    case("empty", "newlines_only", "\n" * 1000)
    case("binary", "random_4k", bytes(rnd.getrandbits(8) for _ in range(4096)))
    case("binary", "elf_header", b"\x7fELF\x02\x01\x01" + bytes(rnd.getrandbits(8) for _ in range(2048)))
    case("binary", "gzip_of_tiny", gzip.compress(BASE.encode("utf-8"), mtime=0))
    case("binary", "hdf5_signature", b"\x89HDF\r\n\x1a\n" + bytes(rnd.getrandbits(8) for _ in range(2048)))
    case("binary", "all_ff_64k", b"\xff" * 65536)
    case("binary", "all_nul_4k", b"\x00" * 4096)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for gen in (syntax, parser_hazard, encoding, valid_oddity, types, ranges, nonfinite, overflow,
                unknown_key, missing, reference, extends, nesting, size, empty_and_binary):
        gen()
    for name, data in CASES.items():
        (out / name).write_bytes(data)
    print(f"wrote {len(CASES)} scenario cases to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
