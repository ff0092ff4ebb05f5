//! Checks of the files attached to candidate lists, by content and not by name or declared
//! type: a profession de foi is a PDF of at most 1 MB; a logo a PNG or JPEG of 200 × 200 pixels
//! and at most 100 KB; a candidate photo a PNG or JPEG of at most 300 KB and 1 000 pixels a side
//! (the pre-electoral agreement's limits for the first two; the third is ours).
//!
//! Left out: scanning PDFs for active content. They are served with `Content-Disposition:
//! attachment`, `nosniff` and our CSP, so a browser does not run them in our origin.

use crate::error::WebError;
use crate::pages::bad;

/// Largest profession de foi.
pub const PDF_MAX_BYTES: usize = 1024 * 1024;
/// Largest logo.
pub const LOGO_MAX_BYTES: usize = 100 * 1024;
/// Logo width and height.
pub const LOGO_SIDE: usize = 200;
/// Largest candidate photo.
pub const PHOTO_MAX_BYTES: usize = 300 * 1024;
/// Largest side of a candidate photo.
pub const PHOTO_MAX_SIDE: usize = 1000;

/// Checks a profession de foi.
///
/// # Errors
/// [`WebError::BadRequest`] saying what is wrong.
pub fn check_pdf(bytes: &[u8]) -> Result<(), WebError> {
    if bytes.len() > PDF_MAX_BYTES {
        return Err(bad(
            format!(
                "Profession de foi trop lourde : {} Ko (1 024 Ko au plus).",
                bytes.len() / 1024
            ),
            format!(
                "Profession de foi too large: {} KB (at most 1,024 KB).",
                bytes.len() / 1024
            ),
        ));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(bad(
            "La profession de foi doit être un fichier PDF.",
            "The profession de foi must be a PDF file.",
        ));
    }
    Ok(())
}

/// The MIME type of a PNG or JPEG image, and its size in pixels.
///
/// # Errors
/// [`WebError::BadRequest`] for another format.
fn image(bytes: &[u8]) -> Result<(&'static str, usize, usize), WebError> {
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        return Err(bad(
            "L'image doit être au format PNG ou JPEG.",
            "The image must be a PNG or JPEG file.",
        ));
    };
    let size =
        imagesize::blob_size(bytes).map_err(|_| bad("Image illisible.", "Unreadable image."))?;
    Ok((mime, size.width, size.height))
}

/// Checks a list logo; returns its MIME type.
///
/// # Errors
/// [`WebError::BadRequest`] saying what is wrong.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, WebError> {
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(bad(
            format!(
                "Logo trop lourd : {} Ko (100 Ko au plus).",
                bytes.len() / 1024
            ),
            format!(
                "Logo too large: {} KB (at most 100 KB).",
                bytes.len() / 1024
            ),
        ));
    }
    let (mime, width, height) = image(bytes)?;
    if (width, height) != (LOGO_SIDE, LOGO_SIDE) {
        return Err(bad(
            format!("Le logo doit mesurer 200 × 200 pixels (il mesure {width} × {height})."),
            format!("The logo must be 200 × 200 pixels (it is {width} × {height})."),
        ));
    }
    Ok(mime)
}

/// Checks a candidate photo; returns its MIME type.
///
/// # Errors
/// [`WebError::BadRequest`] saying what is wrong.
pub fn check_photo(bytes: &[u8]) -> Result<&'static str, WebError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(bad(
            format!(
                "Photo trop lourde : {} Ko (300 Ko au plus).",
                bytes.len() / 1024
            ),
            format!(
                "Photo too large: {} KB (at most 300 KB).",
                bytes.len() / 1024
            ),
        ));
    }
    let (mime, width, height) = image(bytes)?;
    if width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE {
        return Err(bad(
            format!("Photo trop grande : {width} × {height} pixels (1 000 au plus par côté)."),
            format!("Photo too big: {width} × {height} pixels (at most 1,000 a side)."),
        ));
    }
    Ok(mime)
}

/// A minimal valid PNG of `width` × `height` (header and IHDR only), for tests and demos.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs() {
        assert!(check_pdf(b"%PDF-1.7\n...").is_ok());
        assert!(check_pdf(b"<html>").is_err());
        let mut big = b"%PDF-".to_vec();
        big.resize(PDF_MAX_BYTES + 1, b' ');
        assert!(check_pdf(&big).is_err());
    }

    #[test]
    fn logos_are_200_square_png_or_jpeg() {
        assert_eq!(check_logo(&png_header(200, 200)).unwrap(), "image/png");
        assert!(check_logo(&png_header(201, 200)).is_err());
        assert!(check_logo(b"GIF89a").is_err());
        let mut heavy = png_header(200, 200);
        heavy.resize(LOGO_MAX_BYTES + 1, 0);
        assert!(check_logo(&heavy).is_err());
    }

    #[test]
    fn photos() {
        assert!(check_photo(&png_header(600, 800)).is_ok());
        assert!(check_photo(&png_header(1200, 800)).is_err());
    }
}
