package org.facteur.imap.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.BadCommandException;

/** The two date syntaxes SEARCH reads: its own argument, and the day a Date header names. */
final class SearchDates {

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private SearchDates() {
    }

    /** RFC 3501 9: {@code date-text = date-day "-" date-month "-" date-year}, e.g. {@code 1-Feb-1994}. */
    static LocalDate imapDate(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 3 || !digits(parts[0], 1, 2) || !digits(parts[2], 4, 4) || month(parts[1]) == 0
                || parts[1].length() != 3) {
            throw new BadCommandException("bad date (want d-Mon-yyyy): " + text);
        }
        try {
            return LocalDate.of(Integer.parseInt(parts[2]), month(parts[1]), Integer.parseInt(parts[0]));
        } catch (DateTimeException e) {
            throw new BadCommandException("no such date: " + text);
        }
    }

    /**
     * The calendar day an RFC 5322 3.3 date-time names, as written (its own zone, time ignored):
     * {@code [day-of-week ","] day month year ...}, comments skipped, obsolete two- and three-digit
     * years read per RFC 5322 4.3. The C asctime form some old mailers write,
     * {@code Tue Mar  1 10:00:00 2022}, is read too. Null when the text is neither.
     */
    static LocalDate dayOfDateHeader(String value) {
        if (value == null) {
            return null;
        }
        List<String> tokens = tokens(value);
        int i = 0;
        if (!tokens.isEmpty() && month(tokens.get(0)) == 0 && !digits(tokens.get(0), 1, 9)) {
            i = 1; // day-of-week, RFC 5322 3.3
        }
        if (tokens.size() >= i + 3 && digits(tokens.get(i), 1, 2) && month(tokens.get(i + 1)) != 0
                && digits(tokens.get(i + 2), 2, 4)) {
            return day(tokens.get(i + 2), tokens.get(i + 1), tokens.get(i));
        }
        if (tokens.size() >= i + 4 && month(tokens.get(i)) != 0 && digits(tokens.get(i + 1), 1, 2)
                && digits(tokens.get(i + 3), 4, 4)) {
            return day(tokens.get(i + 3), tokens.get(i), tokens.get(i + 1)); // asctime: month day time year
        }
        return null;
    }

    private static LocalDate day(String yearText, String monthName, String dayText) {
        int year = Integer.parseInt(yearText);
        if (yearText.length() == 2) {
            year += year < 50 ? 2000 : 1900; // RFC 5322 4.3
        } else if (yearText.length() == 3) {
            year += 1900;
        }
        try {
            return LocalDate.of(year, month(monthName), Integer.parseInt(dayText));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Words of a header value, with comments (RFC 5322 3.2.2, nested) and commas taken as separators. */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != ',' && !Character.isWhitespace(c)) {
                word.append(c);
                continue;
            }
            if (word.length() > 0) {
                tokens.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    /** 1 to 12 for a month name's first three letters (case-insensitive), 0 for anything else. */
    private static int month(String name) {
        if (name.length() < 3) {
            return 0;
        }
        String prefix = name.substring(0, 3).toLowerCase(Locale.ROOT);
        if (name.length() > 3 && !name.toLowerCase(Locale.ROOT).equals(fullName(prefix))) {
            return 0;
        }
        return MONTHS.indexOf(prefix) + 1;
    }

    /** Full English month names, which some mailers write instead of the abbreviation. */
    private static String fullName(String prefix) {
        switch (prefix) {
            case "jan": return "january";
            case "feb": return "february";
            case "mar": return "march";
            case "apr": return "april";
            case "may": return "may";
            case "jun": return "june";
            case "jul": return "july";
            case "aug": return "august";
            case "sep": return "september";
            case "oct": return "october";
            case "nov": return "november";
            default: return "december";
        }
    }

    private static boolean digits(String s, int min, int max) {
        return s.length() >= min && s.length() <= max && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
