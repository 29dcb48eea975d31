//! Status expressions: `vergunningplicht and (levensgedrag or eisen)`, `not verbod`.
//!
//! The vocabulary is deliberately small: element names, `and`, `or`, `not` and parentheses.
//! `not` binds tighter than `and`, which binds tighter than `or`.

/// A parsed status expression over element names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// The element with this index was found.
    Element(usize),
    /// Both sides hold.
    And(Box<Expr>, Box<Expr>),
    /// Either side holds.
    Or(Box<Expr>, Box<Expr>),
    /// The inner expression does not hold.
    Not(Box<Expr>),
}

impl Expr {
    /// Evaluates the expression given which elements were found.
    pub fn eval(&self, found: &[bool]) -> bool {
        match self {
            Expr::Element(i) => found.get(*i).copied().unwrap_or(false),
            Expr::And(a, b) => a.eval(found) && b.eval(found),
            Expr::Or(a, b) => a.eval(found) || b.eval(found),
            Expr::Not(a) => !a.eval(found),
        }
    }

    /// Elements named positively (not under `not`), in order of appearance.
    pub fn positive_elements(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Element(i) => {
                if !out.contains(i) {
                    out.push(*i)
                }
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.positive_elements(out);
                b.positive_elements(out);
            }
            Expr::Not(_) => {}
        }
    }
}

/// A problem in an expression: byte offset into the expression and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset of the problem in the expression text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Name(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn lex(s: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'(' {
            out.push((i, Tok::Open));
            i += 1;
        } else if c == b')' {
            out.push((i, Tok::Close));
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                i += 1;
            }
            let w = &s[start..i];
            out.push((
                start,
                match w {
                    "and" | "en" => Tok::And,
                    "or" | "of" => Tok::Or,
                    "not" | "niet" => Tok::Not,
                    _ => Tok::Name(w.to_string()),
                },
            ));
        } else {
            return Err(ExprError {
                offset: i,
                message: format!(
                    "unexpected character `{}`; use element names, and, or, not, ( )",
                    s[i..].chars().next().unwrap_or('?')
                ),
            });
        }
    }
    Ok(out)
}

struct Parser<'a, F: Fn(&str) -> Option<usize>> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    len: usize,
    lookup: &'a F,
}

impl<F: Fn(&str) -> Option<usize>> Parser<'_, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map(|t| t.0).unwrap_or(self.len)
    }
    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn unary(&mut self) -> Result<Expr, ExprError> {
        let at = self.offset();
        match self.toks.get(self.pos).map(|t| t.1.clone()) {
            Some(Tok::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(ExprError {
                        offset: self.offset(),
                        message: "missing `)`".into(),
                    });
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Tok::Name(n)) => {
                self.pos += 1;
                match (self.lookup)(&n) {
                    Some(i) => Ok(Expr::Element(i)),
                    None => Err(ExprError {
                        offset: at,
                        message: format!("`{n}` is not the name of an element of this rule"),
                    }),
                }
            }
            Some(t) => Err(ExprError {
                offset: at,
                message: format!("expected an element name, found {t:?}"),
            }),
            None => Err(ExprError {
                offset: at,
                message: "expression ends too early".into(),
            }),
        }
    }
}

/// Parses an expression; `lookup` maps an element name to its index.
pub fn parse(s: &str, lookup: &impl Fn(&str) -> Option<usize>) -> Result<Expr, ExprError> {
    let toks = lex(s)?;
    let mut p = Parser {
        toks,
        pos: 0,
        len: s.len(),
        lookup,
    };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return Err(ExprError {
            offset: p.offset(),
            message: "unexpected text after the expression".into(),
        });
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &str) -> Option<usize> {
        ["a", "b", "c"].iter().position(|x| *x == n)
    }

    #[test]
    fn precedence_not_and_or() {
        let e = parse("a or b and not c", &names).unwrap();
        assert!(e.eval(&[true, false, false]));
        assert!(e.eval(&[false, true, false]));
        assert!(!e.eval(&[false, true, true]));
        let e = parse("(a or b) and c", &names).unwrap();
        assert!(!e.eval(&[true, false, false]));
        assert!(e.eval(&[true, false, true]));
    }

    #[test]
    fn unknown_names_and_bad_syntax_are_located() {
        let err = parse("a and zz", &names).unwrap_err();
        assert_eq!(err.offset, 6);
        assert!(parse("a and (b", &names).is_err());
        assert!(parse("a b", &names).is_err());
        assert!(parse("a & b", &names).is_err());
    }

    #[test]
    fn positive_elements_skip_negations() {
        let e = parse("a and not b or c", &names).unwrap();
        let mut v = Vec::new();
        e.positive_elements(&mut v);
        assert_eq!(v, vec![0, 2]);
    }
}
