package dev.glasshouse.core.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/** The commons-csv format that reads files laid out as {@link CsvOptions} says. */
final class CsvFormats {
    private CsvFormats() {
    }

    static CSVFormat forReading(CsvOptions options) {
        char quote = options.quote();
        char escape = options.escape();
        return CSVFormat.DEFAULT.builder()
                .setDelimiter(options.delimiter())
                .setQuote(quote == CsvOptions.NONE ? null : quote)
                // A doubled quote always escapes a quote in commons-csv, so escape == quote (RFC 4180 style,
                // which commons-csv refuses as a setting) needs no escape character at all.
                .setEscape(escape == CsvOptions.NONE || escape == quote ? null : escape)
                .setNullString(options.nullValue())
                // In a "strict" quote mode commons-csv tells a quoted field equal to the null string (a value) from
                // an unquoted one (null); the quote mode does not otherwise affect reading.
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                // Blank lines come through as records so line numbers stay exact; readers skip them.
                .setIgnoreEmptyLines(false)
                .get();
    }

    /** A blank line reads as one empty field (empty lines are not ignored, see above); like Spark, it is no row. */
    static boolean isBlankLine(CSVRecord record) {
        if (record.size() != 1) return false;
        String only = record.get(0);
        return only == null || only.isEmpty();
    }
}
