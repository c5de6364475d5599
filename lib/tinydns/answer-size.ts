// How big tinydns's answers are, so that a record it would never answer (or answer only
// truncated over UDP) is caught when it is added. Sizes measured against Debian's tinydns.
import { nameToWire } from './escape.js';

/** tinydns answers at most 512 bytes over UDP; a longer answer goes out truncated (TC), and tinydns has no TCP. */
export const UDP_ANSWER_LIMIT = 512;

/**
 * tinydns reads one record of data.cdb into a 32767-byte buffer and skips a longer one
 * (tdlookup.c): measured with tinydns-get, a TXT of 32496 bytes is answered, 32497 never.
 */
export const CDB_RECORD_LIMIT = 32767;

/** tinydns-data cuts TXT text into strings of 127 bytes, each after its length byte. */
export function txtRdataLength(textBytes: number): number {
  return textBytes + Math.ceil(textBytes / 127);
}

/** A record in data.cdb: type (2), "=" or ">" and a 2-byte location, TTL (4), timestamp (8), rdata. */
export function cdbRecordSize(rdataLength: number, hasLocation: boolean): number {
  return 2 + (hasLocation ? 3 : 1) + 4 + 8 + rdataLength;
}

/**
 * The smallest answer to a question for NAME with one record of rdataLength: header (12),
 * question (the name, type, class), answer (a 2-byte pointer to the name, type, class, TTL,
 * length, rdata). tinydns adds its NS records and their addresses after it.
 */
export function answerSize(name: string, rdataLength: number): number {
  return 12 + nameToWire(name).length + 4 + 2 + 10 + rdataLength;
}

/** Why a TXT of this text can never be answered, or undefined. */
export function txtRefusal(textBytes: number, hasLocation: boolean): string | undefined {
  const size = cdbRecordSize(txtRdataLength(textBytes), hasLocation);
  if (size <= CDB_RECORD_LIMIT) return undefined;
  return `TXT text of ${textBytes} bytes is never answered: its data.cdb record is ${size} bytes > ${CDB_RECORD_LIMIT}, which tinydns skips (at most ${hasLocation ? 32494 : 32496} bytes of text)`;
}

/** A warning when the answer for NAME's TXT cannot go over UDP, or undefined. */
export function txtUdpWarning(name: string, textBytes: number): string | undefined {
  const size = answerSize(name, txtRdataLength(textBytes));
  if (size <= UDP_ANSWER_LIMIT) return undefined;
  return `TXT of ${name} makes an answer of at least ${size} bytes > ${UDP_ANSWER_LIMIT}: tinydns sends it truncated over UDP and has no TCP; serve it over TCP with axfrdns as well`;
}
