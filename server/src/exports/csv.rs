//! CSV fields (RFC 4180), safe to open in a spreadsheet.

/// Appends `field` to `line`, quoted when it holds a separator, a quote or a line break.
/// Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, OWASP's list) gets a leading `'`: a customer's message must not become a
/// formula on the analyst's machine. A number ("-0.43") stays a number.
pub fn push_field(line: &mut String, field: &str) {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err();
    let quote = formula || field.contains([',', '"', '\n', '\r']);
    if quote {
        line.push('"');
        if formula {
            line.push('\'');
        }
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// One record: the fields separated by commas, ended by CRLF.
pub fn push_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        push_record(
            &mut out,
            [
                "plain",
                "a, b",
                "say \"hi\"",
                "two\nlines",
                "=HYPERLINK(\"x\")",
                "-0.43",
                "+1 555 0100",
                "",
                "数字",
            ],
        );
        assert_eq!(
            out,
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",-0.43,\"'+1 555 0100\",,数字\r\n"
        );
    }
}
