#include "scenarios/toml_guard.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace povsim::scenarios::detail {

namespace {

struct CodePoint {
    char32_t    value = 0;
    std::size_t size  = 1;
};

// Lenient on purpose (overlong forms and surrogates decode too): the guard must see every code
// point the parser's own decoder could produce; what the parser then rejects does no harm.
CodePoint decode(std::string_view text, std::size_t i)
{
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80)
        return {lead, 1};
    const std::size_t size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (size == 1 || i + size > text.size())
        return {lead, 1};
    char32_t value = lead & (0x3F >> (size - 1));
    for (std::size_t k = 1; k < size; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80)
            return {lead, 1};
        value = (value << 6) | (next & 0x3F);
    }
    return {value, size};
}

// toml++'s is_non_ascii_horizontal_whitespace(), which this mirrors, lists these as whitespace.
bool is_non_ascii_space(char32_t c)
{
    return c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
           c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

bool is_bare_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// What ends a bare value (a number, date, boolean) for the parser.
bool ends_value(char c)
{
    return is_blank(c) || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == ']' || c == '}' || c == ',' || c == '#';
}

std::string describe(std::string_view text, std::size_t i)
{
    const CodePoint cp = decode(text, i);
    char            hex[16];
    if (cp.size == 1 && cp.value >= 0x80) {
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(cp.value));
        return std::string("byte ") + hex + " (not UTF-8)";
    }
    if (cp.value == '\n' || cp.value == '\r')
        return "the end of the line";
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp.value));
    if (cp.value < 0x20 || cp.value == 0x7F)
        return hex;
    if (cp.value < 0x80)
        return "'" + std::string(1, static_cast<char>(cp.value)) + "'";
    return "'" + std::string(text.substr(i, cp.size)) + "' (" + hex + ")";
}

/// Walks the text byte by byte, keeping the line and the column in code points.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : m_text(text) {}

    bool             done() const { return m_i >= m_text.size(); }
    char             peek() const { return done() ? '\0' : m_text[m_i]; }
    bool             at(std::string_view s) const { return m_text.substr(m_i, s.size()) == s; }
    std::size_t      index() const { return m_i; }
    std::string_view text() const { return m_text; }
    void             next()
    {
        if (done())
            return;
        if (m_text[m_i] == '\n') {
            ++m_line, m_column = 1;
        } else if ((static_cast<unsigned char>(m_text[m_i]) & 0xC0) != 0x80) {
            ++m_column;
        }
        ++m_i;
    }
    void skip(std::size_t n)
    {
        for (; n > 0; --n)
            next();
    }
    void skip_blanks()
    {
        while (is_blank(peek()))
            next();
    }
    ParserHazard hazard(std::string key, std::string message) const
    {
        return ParserHazard{m_line, m_column, std::move(key), std::move(message)};
    }

  private:
    std::string_view m_text;
    std::size_t      m_i = 0;
    int              m_line = 1, m_column = 1;
};

ParserHazard non_ascii(const Cursor& c)
{
    return c.hazard("", describe(c.text(), c.index()) +
                            " outside a string or comment: TOML allows non-ASCII text only inside quotes or after '#'");
}

/// After a backslash in a """string""": the parser asks "is this whitespace?" of each code point
/// up to the first that is not, and of that one too.
std::optional<ParserHazard> check_escape(Cursor& c)
{
    c.next(); // the backslash
    bool spaced = false;
    while (!c.done()) {
        const CodePoint cp = decode(c.text(), c.index());
        if (cp.value != ' ' && cp.value != '\t' && cp.value != '\r' && cp.value != '\n' && !is_non_ascii_space(cp.value))
            break;
        spaced = true;
        c.skip(cp.size);
    }
    if (c.done())
        return std::nullopt;
    const CodePoint cp = decode(c.text(), c.index());
    if (reaches_toml_unreachable(cp.value)) {
        const std::string what = describe(c.text(), c.index());
        char              escape[16];
        std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(cp.value));
        return c.hazard("", spaced ? what + " first on a line continued by '\\' in a \"\"\"string\"\"\": the TOML parser (toml++ 3.3) cannot read it safely; write it as " + escape + " or end the line before without '\\'"
                                   : "'\\' followed by " + what + " in a \"\"\"string\"\"\" is no escape sequence");
    }
    if (!spaced)
        c.skip(cp.size); // the escaped character, e.g. '"' or '\'
    return std::nullopt;
}

enum class Skipped { closed, unclosed, hazard };

/// Skips a string of any of TOML's four kinds; checks escapes in multi-line basic strings.
Skipped skip_string(Cursor& c, std::optional<ParserHazard>& hazard)
{
    const char        quote = c.peek();
    const std::string triple(3, quote);
    if (c.at(triple)) {
        c.skip(3);
        while (!c.done()) {
            if (c.at(triple)) {
                c.skip(3);
                for (int extra = 0; extra < 2 && c.peek() == quote; ++extra) // """a"""" holds a"
                    c.next();
                return Skipped::closed;
            }
            if (quote == '"' && c.peek() == '\\') {
                if ((hazard = check_escape(c)))
                    return Skipped::hazard;
                continue;
            }
            c.next();
        }
        return Skipped::unclosed;
    }
    c.next();
    while (!c.done() && c.peek() != '\n') { // the parser refuses a line break in a one-line string
        if (c.peek() == quote) {
            c.next();
            return Skipped::closed;
        }
        if (quote == '"' && c.peek() == '\\') {
            c.next();
            if (c.peek() == '\n')
                break;
        }
        c.next();
    }
    return Skipped::unclosed;
}

/// Follows the parser through the text: what it would expect at each point, and in which
/// container. Where the parser itself would stop with an error, the scan stops too (nothing
/// after it is read). Where unsure, text counts as outside strings, so more is checked.
class Scan {
  public:
    explicit Scan(std::string_view text) : c(text) {}
    std::optional<ParserHazard> run();

  private:
    // key: a key-value pair (a line, or in an inline table); dotted: a key's next part, or a
    // header's first
    enum class Expect { key, dotted, after_key, value, after_value };

    std::optional<ParserHazard> header();
    std::optional<ParserHazard> bare_value();
    std::optional<ParserHazard> on_key(char ch);
    std::optional<ParserHazard> on_dotted(char ch);
    std::optional<ParserHazard> on_after_key(char ch);
    std::optional<ParserHazard> on_value(char ch);
    std::optional<ParserHazard> on_after_value(char ch);
    char                        container() const { return open.empty() ? '\0' : open.back(); }
    void                        skip_comment()
    {
        while (!c.done() && c.peek() != '\n')
            c.next();
    }

    Cursor            c;
    Expect            expect    = Expect::key;
    bool              in_header = false;
    bool              stopped   = false; // the parser stops here with an error of its own
    std::vector<char> open;              // '[' arrays and '{' inline tables, innermost last
};

std::optional<ParserHazard> Scan::run()
{
    if (c.at("\xEF\xBB\xBF"))
        c.skip(3); // a byte order mark, which the parser skips
    while (!c.done() && !stopped) {
        const char ch = c.peek();
        if (static_cast<unsigned char>(ch) >= 0x80)
            return non_ascii(c); // every token boundary asks "is this whitespace?"
        if (is_blank(ch)) {
            c.next();
            continue;
        }
        if (ch == '\r') { // a line break only with '\n' (the parser stops on a lone one)
            c.next();
            stopped = c.peek() != '\n';
            continue;
        }
        if ((ch == '"' || ch == '\'') && expect != Expect::after_value && expect != Expect::after_key) {
            std::optional<ParserHazard> hazard;
            const Skipped               skipped = skip_string(c, hazard);
            if (skipped == Skipped::hazard)
                return hazard;
            stopped = skipped == Skipped::unclosed;
            expect  = expect == Expect::value ? Expect::after_value : Expect::after_key;
            continue;
        }
        std::optional<ParserHazard> hazard;
        switch (expect) {
        case Expect::key: hazard = on_key(ch); break;
        case Expect::dotted: hazard = on_dotted(ch); break;
        case Expect::after_key: hazard = on_after_key(ch); break;
        case Expect::value: hazard = on_value(ch); break;
        case Expect::after_value: hazard = on_after_value(ch); break;
        }
        if (hazard)
            return hazard;
    }
    return std::nullopt;
}

std::optional<ParserHazard> Scan::on_dotted(char ch)
{
    if (!is_bare_key_char(ch)) {
        stopped = true; // e.g. "a..b" or "a. = 1"
        return std::nullopt;
    }
    while (is_bare_key_char(c.peek()))
        c.next();
    expect = Expect::after_key;
    return std::nullopt;
}

std::optional<ParserHazard> Scan::on_key(char ch)
{
    if (is_bare_key_char(ch)) {
        return on_dotted(ch);
    } else if (container() == '\0' && !in_header && (ch == '\n' || ch == '#')) {
        ch == '#' ? skip_comment() : c.next(); // blank and comment lines between keys
    } else if (container() == '\0' && !in_header && ch == '[') {
        return header();
    } else if (container() == '{' && ch == '}') {
        open.pop_back(), c.next();
        expect = Expect::after_value;
    } else {
        stopped = true; // e.g. "=" or "." where a key should start
    }
    return std::nullopt;
}

/// At a '[' that opens a table header: the parser asserts that its key starts with a key
/// character or a quote.
std::optional<ParserHazard> Scan::header()
{
    c.next();
    const bool blank = is_blank(c.peek());
    c.skip_blanks();
    if (c.peek() == '[') {
        if (blank) {
            stopped = true; // "[ [": refused by the parser
            return std::nullopt;
        }
        c.next();
        c.skip_blanks();
    }
    const char first = c.peek();
    if (c.done() || first == ']') {
        stopped = true; // an empty header: refused by the parser
        return std::nullopt;
    }
    if (first != '"' && first != '\'' && !is_bare_key_char(first)) {
        const std::string_view text = c.text();
        const std::size_t      end  = std::min(text.find_first_of("]\r\n", c.index()), text.size());
        return c.hazard(std::string(text.substr(c.index(), std::min<std::size_t>(end - c.index(), 80))),
                        "a table header starts with a key (letters, digits, '_', '-', or a quoted key), not " +
                            describe(text, c.index()));
    }
    in_header = true;
    expect    = Expect::dotted;
    return std::nullopt;
}

std::optional<ParserHazard> Scan::on_after_key(char ch)
{
    if (ch == '.') {
        c.next();
        expect = Expect::dotted;
    } else if (ch == '=' && !in_header) {
        c.next();
        expect = Expect::value;
    } else if (ch == ']' && in_header) {
        c.next();
        if (c.peek() == ']')
            c.next(); // [[array.of.tables]]
        in_header = false;
        expect    = Expect::after_value;
    } else {
        stopped = true;
    }
    return std::nullopt;
}

std::optional<ParserHazard> Scan::on_value(char ch)
{
    if (ch == '[' || ch == '{') {
        open.push_back(ch), c.next();
        expect = ch == '[' ? Expect::value : Expect::key;
    } else if (container() == '[' && (ch == '\n' || ch == '#')) {
        ch == '#' ? skip_comment() : c.next(); // arrays may span lines
    } else if (container() == '[' && ch == ']') {
        open.pop_back(), c.next(); // an empty array, or a comma before ']'
        expect = Expect::after_value;
    } else if (container() == '[' && ch == '}') {
        return c.hazard("", "'}' where the array expects a value or ']'"); // the parser asserts it cannot be
    } else if (ends_value(ch)) {
        stopped = true; // no value after '=' or a comma
    } else {
        return bare_value();
    }
    return std::nullopt;
}

/// A number, date, boolean or anything else unquoted: the parser reads up to a character that
/// ends a value, quotes included, asking of each "is this whitespace?".
std::optional<ParserHazard> Scan::bare_value()
{
    const Cursor start = c;
    for (; !c.done() && !ends_value(c.peek()); c.next()) {
        if (static_cast<unsigned char>(c.peek()) >= 0x80)
            return non_ascii(c);
    }
    expect = Expect::after_value;
    // A date, 'T' and no digit ("1979-05-27T:32"): the parser asserts the time starts with one.
    const std::string_view token = c.text().substr(start.index(), c.index() - start.index());
    const auto             digit = [&token](std::size_t i) { return i < token.size() && token[i] >= '0' && token[i] <= '9'; };
    if (token.size() >= 11 && digit(0) && digit(1) && digit(2) && digit(3) && token[4] == '-' && digit(5) &&
        digit(6) && token[7] == '-' && digit(8) && digit(9) && (token[10] == 'T' || token[10] == 't') && !digit(11)) {
        return start.hazard("", "a date and time has the time's digits right after '" + std::string(1, token[10]) +
                                    "' (e.g. 2016-01-01T08:00:00)");
    }
    // Ten characters like a date, a space, one digit and a value's end ("2020-01-01 2,"): the
    // parser reads on for a time and asserts that more follows. Underscores are not counted.
    std::string bare(token);
    bare.erase(std::remove(bare.begin(), bare.end(), '_'), bare.end());
    const std::string_view rest = c.text().substr(c.index());
    if (bare.size() == 10 && bare[4] == '-' && bare[7] == '-' && rest.size() >= 3 && rest[0] == ' ' &&
        rest[1] >= '0' && rest[1] <= '9' && ends_value(rest[2])) {
        return start.hazard("", "a date and time has the time's digits after the space (e.g. 2016-01-01 08:00:00)");
    }
    return std::nullopt;
}

std::optional<ParserHazard> Scan::on_after_value(char ch)
{
    const char in = container();
    if (ch == '\n' && in != '{') {
        c.next();
        if (in == '\0')
            expect = Expect::key;
    } else if (ch == '#' && in != '{') {
        skip_comment();
    } else if (ch == ',' && in != '\0') {
        c.next();
        expect = in == '[' ? Expect::value : Expect::key;
    } else if ((ch == ']' && in == '[') || (ch == '}' && in == '{')) {
        open.pop_back(), c.next();
    } else if (ends_value(ch)) {
        stopped = true; // e.g. ']' closing nothing, or a line break in an inline table
    } else {
        // The parser goes on reading after a date and a space ("2020-01-01 07:32:00"); elsewhere
        // it stops, so reading on checks more than needed, never less.
        return bare_value();
    }
    return std::nullopt;
}

} // namespace

bool reaches_toml_unreachable(char32_t c)
{
    // toml++ 3.3.0 unicode_autogenerated.h: code points fall into blocks of 0x3FA from U+00A0; the
    // mask lists blocks without whitespace, and the switch handles blocks 5 and 7 only, so the
    // rest of blocks 0, 11 and 63 (all but U+00A0, U+3000, U+FEFF) reach TOML_UNREACHABLE.
    if (c < 0xA0 || c > 0xFEFF || c == 0xA0 || c == 0x3000 || c == 0xFEFF)
        return false;
    const std::uint64_t block = (static_cast<std::uint64_t>(c) - 0xA0u) / 0x3FAu;
    return block == 0 || block == 11 || block == 63;
}

std::optional<ParserHazard> parser_hazard(std::string_view text)
{
    return Scan(text).run();
}

} // namespace povsim::scenarios::detail
