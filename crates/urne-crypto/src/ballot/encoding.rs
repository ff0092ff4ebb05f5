//! The ballot's byte encoding (`docs/protocol.md` §6.4):
//! `credential ‖ ciphertexts ‖ bit proofs ‖ sum proof ‖ range proof ‖ signature`, with no length
//! fields: the election's shape fixes every length.

use super::{BallotShape, EncodedCiphertext, EncryptedBallot};
use crate::elgamal::Ciphertext;
use crate::encoding::{DecodeError, Reader};
use crate::proofs::{DisjunctiveProof, SchnorrProof};

impl EncryptedBallot {
    /// Everything but the signature: what the signature signs.
    pub(crate) fn body_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.ciphertexts.len() * 288 + 1200);
        out.extend_from_slice(self.credential.as_bytes());
        for ct in &self.ciphertexts {
            out.extend_from_slice(&ct.bytes);
        }
        for proof in &self.bit_proofs {
            proof.write(&mut out);
        }
        self.sum_proof.write(&mut out);
        self.range_proof.write(&mut out);
        out
    }

    /// The canonical encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.body_bytes();
        self.signature.write(&mut out);
        out
    }

    /// Decodes a ballot of an election with `shape`. Points of ciphertexts are decompressed here;
    /// commitments at verification.
    ///
    /// # Errors
    /// [`DecodeError`] on a wrong length or a non-canonical element, with its byte offset.
    pub fn from_bytes(shape: &BallotShape, bytes: &[u8]) -> Result<Self, DecodeError> {
        let expected = shape.ballot_bytes();
        if bytes.len() != expected {
            return Err(DecodeError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let mut reader = Reader::new(bytes);
        let credential = reader.compressed()?;
        let n_ct = shape.choice_count() + shape.strike_count();
        let mut ciphertexts = Vec::with_capacity(n_ct);
        for _ in 0..n_ct {
            // Canonical decoding means the received bytes are the points' encodings: keep them
            // for hashing instead of compressing again.
            let mut bytes = [0u8; 64];
            bytes.copy_from_slice(reader.peek(64)?);
            let ct = Ciphertext::read(&mut reader)?;
            ciphertexts.push(EncodedCiphertext { ct, bytes });
        }
        let bit_proofs = (0..n_ct)
            .map(|_| DisjunctiveProof::read(&mut reader, 2))
            .collect::<Result<_, _>>()?;
        let sum_proof = DisjunctiveProof::read(&mut reader, 1)?;
        let range_proof = DisjunctiveProof::read(&mut reader, shape.max_candidates())?;
        let signature = SchnorrProof::read(&mut reader)?;
        reader.finish()?;
        Ok(EncryptedBallot {
            credential,
            ciphertexts,
            bit_proofs,
            sum_proof,
            range_proof,
            signature,
        })
    }
}
