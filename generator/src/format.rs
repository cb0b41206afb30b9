//! Formatting: tokens to rustfmt-style source with prettyplease.

use std::cell::RefCell;

use proc_macro2::{Delimiter, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::emit::HEADER;
use crate::Error;

/// Builds a file's tokens with `build`, parses them and pretty-prints them, header first. A
/// parse failure is a pagegen bug; it is reported as an error instead of writing code that
/// does not compile.
pub fn rust_file(build: impl FnOnce() -> TokenStream) -> Result<String, Error> {
    Ok(join_parts(&[rust_part(build)?]))
}

/// A run of items of a file, printed but not yet spaced: [`join_parts`] makes a file of the
/// parts in order, the same file [`rust_file`] makes of all their items at once (prettyplease
/// prints each item on its own, and the spacing only looks at neighbouring lines).
pub fn rust_part(build: impl FnOnce() -> TokenStream) -> Result<String, Error> {
    let outer = PLACED.replace(Some(Vec::new()));
    let tokens = build();
    let blocks = PLACED.replace(outer).unwrap_or_default();
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::new(format!("internal error: generated code does not parse: {e}")))?;
    Ok(put_back(&prettyplease::unparse(&file), &blocks))
}

/// The file of the parts made by [`rust_part`], in order.
pub fn join_parts(parts: &[String]) -> String {
    format!("{HEADER}{}", space_items(&parts.concat()))
}

thread_local! {
    /// Blocks of text (doc lines, or the lines of an item) placed in the file [`rust_file`] is
    /// building on this thread.
    static PLACED: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Starts a placeholder doc line: a control character, which cleaned docs never contain.
const DOC_MARK: char = '\u{1}';

/// The macro whose call stands for a verbatim item until it is put back.
const ITEM_MARK: &str = "__pagegen_item";

/// Keeps `lines` aside while [`rust_file`] builds a file on this thread: their block number.
fn place(lines: Vec<String>) -> Result<usize, Vec<String>> {
    PLACED.with_borrow_mut(|blocks| match blocks {
        Some(blocks) => {
            blocks.push(lines);
            Ok(blocks.len() - 1)
        }
        None => Err(lines),
    })
}

/// `#[doc]` attributes for `lines` (each a `///` line). While [`rust_file`] builds a file on this
/// thread, the block becomes one placeholder attribute and its lines are put back after
/// printing: long texts then skip being escaped into tokens, parsed and unescaped again, which
/// took about 6% of a run. Lines that prettyplease would not print as `///` comments (starting
/// with `/`, or with control characters) stay attributes.
pub fn doc_attrs(lines: Vec<String>) -> TokenStream {
    let plain = !lines.is_empty() && lines.iter().all(|l| is_comment_line(l));
    let lines = if plain {
        match place(lines) {
            Ok(id) => {
                let mark = format!("{DOC_MARK}{id}");
                return quote!(#[doc = #mark]);
            }
            Err(lines) => lines,
        }
    } else {
        lines
    };
    quote!(#(#[doc = #lines])*)
}

/// Doc lines (as [`doc_attrs`] takes them) as source text at `indent`, for a [`verbatim_item`]:
/// `///` comments as prettyplease prints them, or `#[doc = "..."]` for a line a comment cannot
/// carry.
pub fn doc_text<'a>(lines: &'a [String], indent: &str) -> impl Iterator<Item = String> + 'a {
    let indent = indent.to_owned();
    lines.iter().map(move |line| {
        if !is_comment_line(line) {
            return format!("{indent}#[doc = {}]", Literal::string(line));
        }
        let mut text = String::new();
        push_doc_comment(&mut text, &indent, line);
        text
    })
}

/// Whether prettyplease prints the doc attribute of `line` as a `///` comment: not when it starts
/// with `/` (`////` is a plain comment) or holds control characters.
fn is_comment_line(line: &str) -> bool {
    !line.starts_with('/') && !line.contains(char::is_control)
}

/// `line` as prettyplease prints its doc attribute: `///` and the text without trailing spaces.
fn push_doc_comment(out: &mut String, indent: &str, line: &str) {
    out.push_str(indent);
    out.push_str("///");
    out.push_str(line.trim_end_matches(' '));
}

/// A type's tokens as prettyplease prints a type: `Option<Vec<types::A>>`,
/// `::std::collections::BTreeMap<String, T>`.
pub fn type_text(tokens: TokenStream) -> String {
    fn push(tokens: TokenStream, out: &mut String) {
        let mut after_word = false;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    if after_word {
                        out.push(' ');
                    }
                    out.push_str(&ident.to_string());
                    after_word = true;
                }
                TokenTree::Punct(punct) => {
                    out.push(punct.as_char());
                    if matches!(punct.as_char(), ',' | ';') {
                        out.push(' ');
                    }
                    after_word = false;
                }
                TokenTree::Literal(literal) => {
                    out.push_str(&literal.to_string());
                    after_word = false;
                }
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::None => ("", ""),
                    };
                    out.push_str(open);
                    push(group.stream(), out);
                    out.push_str(close);
                    after_word = false;
                }
            }
        }
    }
    let mut out = String::new();
    push(tokens, &mut out);
    out
}

/// A top-level item printed exactly as `lines`: the declarations inside the runtime's macros,
/// whose input prettyplease would print as one filled paragraph. Laid out by the emitter, they
/// also skip being parsed and printed. The lines must be valid, formatted Rust; outside
/// [`rust_file`] they are parsed back into tokens.
pub fn verbatim_item(lines: Vec<String>) -> TokenStream {
    match place(lines) {
        Ok(id) => {
            let (mark, id) = (format_ident!("{}", ITEM_MARK), Literal::usize_unsuffixed(id));
            quote!(#mark!(#id);)
        }
        Err(lines) => lines.join("\n").parse().unwrap_or_else(|e| {
            let message = format!("internal error: pagegen wrote an item that does not parse: {e}");
            quote!(compile_error!(#message);)
        }),
    }
}

/// Replaces each placeholder line, `///\u{1}N` or `__pagegen_item!(N);`, by the lines of block
/// `N`, at the same indentation; doc lines as prettyplease prints doc attributes.
fn put_back(printed: &str, blocks: &[Vec<String>]) -> String {
    if blocks.is_empty() {
        return printed.to_owned();
    }
    let mut out = String::with_capacity(printed.len() + blocks.iter().flatten().map(|l| l.len() + 8).sum::<usize>());
    for line in printed.split_inclusive('\n') {
        let text = line.trim_start();
        let indent = &line[..line.len() - text.len()];
        let doc = text.strip_prefix("///").and_then(|rest| rest.strip_prefix(DOC_MARK));
        let item = text.strip_prefix(ITEM_MARK).and_then(|rest| rest.trim_end().strip_prefix("!("));
        let block = |id: Option<&str>| id.and_then(|id| id.parse::<usize>().ok()).and_then(|id| blocks.get(id));
        if let Some(block) = block(doc.map(str::trim_end)) {
            for doc in block {
                push_doc_comment(&mut out, indent, doc);
                out.push('\n');
            }
        } else if let Some(block) = block(item.and_then(|rest| rest.strip_suffix(");"))) {
            for line in block {
                if !line.is_empty() {
                    out.push_str(indent);
                    out.push_str(line);
                }
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Runs `rustfmt` (its default settings, edition 2021) over every Rust file of the set, one
/// process per file, two at a time.
pub fn rustfmt(files: &mut crate::FileSet) -> Result<(), Error> {
    let rust: Vec<(&std::path::PathBuf, &mut String)> =
        files.iter_mut().filter(|(path, _)| path.extension().is_some_and(|e| e == "rs")).collect();
    let (left, right) = rust.split_at(rust.len() / 2);
    let format_all = |part: &[(&std::path::PathBuf, &mut String)]| -> Result<Vec<String>, Error> {
        part.iter().map(|(path, text)| rustfmt_one(path, text)).collect()
    };
    let (a, b) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| format_all(left));
        let b = format_all(right);
        (handle.join().unwrap_or_else(|_| Err(Error::new("rustfmt thread panicked"))), b)
    });
    for ((_, text), formatted) in rust.into_iter().zip(a?.into_iter().chain(b?)) {
        *text = formatted;
    }
    Ok(())
}

fn rustfmt_one(path: &std::path::Path, text: &str) -> Result<String, Error> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    // Run outside any project, so no rustfmt.toml applies: the crate ships an empty one.
    let mut child = Command::new(&rustfmt)
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::new(format!(
                "cannot run rustfmt ({e}): install it (`rustup component add rustfmt`) or set rustfmt = false"
            ))
        })?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| Error::new(format!("rustfmt failed: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::new(format!("internal error: rustfmt rejected {}: {stderr}", path.display())));
    }
    String::from_utf8(output.stdout).map_err(|_| Error::new("rustfmt wrote invalid UTF-8"))
}

/// Starts of lines that begin an item (never a statement in generated function bodies).
const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "pub ",
    "pub(",
    "fn ",
    "async fn ",
    "const ",
    "static ",
    "type ",
    "impl",
    "mod ",
    "struct ",
    "enum ",
    "trait ",
    "use ",
    "macro_rules!",
    // The runtime's item macros.
    "runtime::operation!",
    "runtime::string_enum!",
    "runtime::object!",
];

/// prettyplease puts items right after each other; separate them by one blank line as a person
/// (and rustfmt, which keeps blank lines) would: after a block of inner docs, after a run of
/// `use` lines, and after an item's closing brace, at the top level and one level in.
pub fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { continue };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        if next.trim().is_empty() || indent != next_indent || indent > 4 {
            continue;
        }
        let (this, next) = (line.trim_start(), next.trim_start());
        let starts_item = ITEM_STARTS.iter().any(|s| next.starts_with(s));
        // At the top level a line ending in `;` ends an item (`pub type A = B;`, a macro call),
        // except in runs of `use` and `mod` lines, which stay together.
        let grouped = ["use ", "pub use ", "mod ", "pub mod "].iter().any(|p| this.starts_with(p));
        let closes = this == "}"
            || this == "};"
            || (indent == 0 && (this.ends_with(" {}") || (this.ends_with(';') && !grouped)));
        let docs_end = this.starts_with("//!") && !next.starts_with("//!");
        let uses_end = this.starts_with("use ") && !next.starts_with("use ") && !next.starts_with("pub use ");
        let pub_uses_end = this.starts_with("pub use ") && !next.starts_with("pub use ");
        if docs_end || ((closes || uses_end || pub_uses_end) && starts_item) {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn items_are_separated_by_one_blank_line() {
        let tokens = quote::quote! {
            //! Crate docs.
            use a::b;
            use c::d;
            pub struct S { x: u8 }
            impl S {
                pub fn f(&self) -> u8 { if self.x > 1 { 2 } else { 3 } }
                pub fn g(&self) {}
            }
            fn h() { let v = { 1 }; drop(v); }
        };
        let text = super::rust_file(|| tokens).unwrap();
        let body = text.split_once('\n').unwrap().1;
        assert_eq!(
            body,
            "//! Crate docs.\n\nuse a::b;\nuse c::d;\n\npub struct S {\n    x: u8,\n}\n\nimpl S {\n    pub fn f(&self) -> u8 {\n        if self.x > 1 { 2 } else { 3 }\n    }\n\n    pub fn g(&self) {}\n}\n\nfn h() {\n    let v = { 1 };\n    drop(v);\n}\n"
        );
    }

    #[test]
    fn placeholder_docs_print_as_the_attributes_would() {
        let blocks = [
            vec![" Struct docs.".to_owned(), String::new(), " - a list   ".to_owned()],
            vec![" Field docs, `code` and \"quotes\".".to_owned()],
            vec![" Method docs.".to_owned(), "    indented".to_owned()],
            // Not a `///` line for prettyplease: stays an attribute.
            vec!["/ starts with a slash".to_owned()],
        ];
        let file = |docs: &dyn Fn(Vec<String>) -> proc_macro2::TokenStream| {
            let [a, b, c, d] = blocks.clone().map(docs);
            quote::quote! {
                #a
                pub struct S {
                    #b
                    pub x: u8,
                }
                impl S {
                    #c
                    pub fn f(&self) {}
                    #d
                    pub fn g(&self) {}
                }
            }
        };
        let placed = super::rust_file(|| file(&super::doc_attrs)).unwrap();
        let inline = super::rust_file(|| file(&|lines| quote::quote!(#(#[doc = #lines])*))).unwrap();
        assert_eq!(placed, inline);
        assert!(placed.contains("    /// Method docs.\n    ///    indented\n    pub fn f"), "{placed}");
        assert!(placed.contains("///\n/// - a list\n"), "{placed}");
        assert!(placed.contains("#[doc = \"/ starts with a slash\"]"), "{placed}");
        // Outside a file being built, the attributes come back as they are.
        assert_eq!(super::doc_attrs(vec![" x".to_owned()]).to_string(), quote::quote!(#[doc = " x"]).to_string());
    }

    #[test]
    fn verbatim_items_keep_their_layout_and_are_spaced_like_other_items() {
        let lines = || {
            ["runtime::object! {", "    pub struct S {", "        pub x: u8 => required(\"x\"),", "    }", "}"]
                .map(str::to_owned)
                .to_vec()
        };
        let tokens = || {
            let object = super::verbatim_item(lines());
            quote::quote! {
                pub enum E { A }
                #object
                pub struct T;
            }
        };
        let text = super::rust_file(tokens).unwrap();
        let body = text.split_once('\n').unwrap().1;
        assert_eq!(
            body,
            "pub enum E {\n    A,\n}\n\nruntime::object! {\n    pub struct S {\n        pub x: u8 => required(\"x\"),\n    }\n}\n\npub struct T;\n"
        );
        // Outside a file being built, the lines come back as tokens.
        assert_eq!(
            super::verbatim_item(lines()).to_string(),
            quote::quote!(runtime::object! { pub struct S { pub x: u8 => required("x"), } }).to_string()
        );
    }

    #[test]
    fn doc_text_is_what_prettyplease_prints_for_doc_attributes() {
        let lines = vec![" Docs.".to_owned(), String::new(), " trailing  ".to_owned(), "/ a slash".to_owned()];
        let printed = super::rust_file(|| {
            let docs = lines.iter();
            quote::quote!(#(#[doc = #docs])* pub struct S;)
        })
        .unwrap();
        let text: Vec<String> = super::doc_text(&lines, "").chain(["pub struct S;".to_owned()]).collect();
        assert_eq!(printed.split_once('\n').unwrap().1, text.join("\n") + "\n");
    }

    #[test]
    fn type_text_is_what_prettyplease_prints_for_types() {
        for ty in [
            quote::quote!(Option<Vec<types::A>>),
            quote::quote!(::std::collections::BTreeMap<String, Option<Box<B>>>),
            quote::quote!(chrono::DateTime<chrono::Utc>),
            quote::quote!(&'a str),
            quote::quote!((u8, [i32; 4])),
        ] {
            let printed = super::rust_file(|| quote::quote!(type T = #ty;)).unwrap();
            let printed = printed.split_once('\n').unwrap().1;
            assert_eq!(printed, format!("type T = {};\n", super::type_text(ty)));
        }
    }

    #[test]
    fn a_file_joined_from_parts_is_the_file_of_all_their_items() {
        let items = [
            quote::quote! {
                //! Module docs.
                use a::b;
                pub type Alias = u8;
            },
            quote::quote! {
                /// Docs.
                pub struct S { x: u8 }
                impl S { pub fn f(&self) {} }
            },
            quote::quote! {
                pub enum E { A }
                register!(E, A = "a");
            },
        ];
        let whole = super::rust_file(|| items.iter().cloned().collect()).unwrap();
        let parts: Vec<String> = items.iter().map(|part| super::rust_part(|| part.clone()).unwrap()).collect();
        assert_eq!(super::join_parts(&parts), whole);
        // Items are spaced across the joins as within a part.
        assert!(whole.contains("    pub fn f(&self) {}\n}\n\npub enum E"), "{whole}");
    }
}
