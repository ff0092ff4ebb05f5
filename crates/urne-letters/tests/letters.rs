//! A batch of letters read back: one page each, every page naming its voter and code, the
//! document well-formed enough for a PDF reader (header, cross-reference table, trailer).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use urne_letters::{render, Batch, Letter};

fn batch(qr_code: bool) -> Batch {
    Batch::example(qr_code)
}

fn letter(i: usize) -> Letter {
    Letter {
        name: format!("Mme Hélène Lefèvre {i}"),
        address_lines: vec![format!("{i} rue des Lilas")],
        postcode: "31000".to_owned(),
        city: "Toulouse".to_owned(),
        country: "France".to_owned(),
        code: format!("ABCD-EFGH-{i:04}"),
    }
}

/// The decompressed page streams of a PDF written by `render`.
fn page_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut streams = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + 7..];
        let end = find(body, b"\nendstream").unwrap();
        streams.push(miniz_oxide_inflate(&body[..end]));
        rest = &body[end + b"\nendstream".len()..];
    }
    streams
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn miniz_oxide_inflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec_zlib(data).unwrap()
}

#[test]
fn one_page_per_letter_with_its_name_and_code() {
    let letters: Vec<Letter> = (1..=3).map(letter).collect();
    let mut reported = Vec::new();
    let pdf = render(&batch(true), &letters, &mut |done, total| {
        reported.push((done, total))
    });
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    assert!(find(&pdf, b"xref").is_some() && find(&pdf, b"trailer").is_some());
    assert!(find(&pdf, b"/Count 3").is_some());
    assert_eq!(reported, [(3, 3)]);
    let streams = page_streams(&pdf);
    assert_eq!(streams.len(), 3);
    for (i, stream) in streams.iter().enumerate() {
        let n = i + 1;
        let code = format!("(ABCD-EFGH-{n:04})");
        assert!(
            find(stream, code.as_bytes()).is_some(),
            "page {n} has its code"
        );
        // Non-ASCII strings are written as hex strings: the name in Windows-1252, in hex.
        let name: Vec<u8> = [
            &b"Mme H\xe9l\xe8ne Lef\xe8vre "[..],
            n.to_string().as_bytes(),
        ]
        .concat();
        let hex: String = name.iter().map(|b| format!("{b:02x}")).collect();
        let lowered = stream.to_ascii_lowercase();
        assert!(
            find(&lowered, format!("<{hex}>").as_bytes()).is_some(),
            "page {n} has its name in Windows-1252"
        );
        assert!(find(stream, b"(31000 TOULOUSE)").is_some());
        assert!(find(stream, b" re").is_some(), "the QR code is drawn");
        for other in (1..=3).filter(|&m| m != n) {
            let other_code = format!("(ABCD-EFGH-{other:04})");
            assert!(
                find(stream, other_code.as_bytes()).is_none(),
                "no other voter's code"
            );
        }
    }
}

#[test]
fn without_qr_code_no_rectangles() {
    let pdf = render(&batch(false), &[letter(1)], &mut |_, _| {});
    let streams = page_streams(&pdf);
    assert!(find(&streams[0], b" re\n").is_none());
}
