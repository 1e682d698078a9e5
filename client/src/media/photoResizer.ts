/**
 * Makes a photo light enough for 2G on the phone, before it is kept for sending: decoded with its EXIF
 * orientation applied, scaled so its longest side is at most MAX_PHOTO_SIDE, and encoded again as WebP
 * (JPEG where the browser cannot write WebP). Encoding anew drops every EXIF field — GPS position,
 * camera, time — as a side effect: nothing is copied over.
 *
 * Written on the browser's createImageBitmap and canvas rather than a library: browser-image-compression
 * does the same on the same APIs for 21 KB gzipped (pica: 16 KB, and it neither orients nor encodes),
 * while this module is about 1.5 KB and is loaded only when a photo is chosen (prepareAttachment.ts).
 * test/browser/uploads.test.ts checks the result with sharp, an outside decoder.
 */

/** Longest side of a photo as sent, in pixels: sharp enough to see damage, small enough for 2G. */
export const MAX_PHOTO_SIDE = 1600;
/** Quality of the new encoding; a photo that needed no scaling is tried once more at LIGHTER_QUALITY. */
const QUALITY = 0.8;
const LIGHTER_QUALITY = 0.65;

/** Types this module re-encodes. A GIF may be animated, and is sent as it is. */
const REENCODED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);

type Canvas = HTMLCanvasElement | OffscreenCanvas;

function canvasOf(width: number, height: number): Canvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function draw(bitmap: ImageBitmap, width: number, height: number): Canvas {
  const canvas = canvasOf(width, height);
  const g = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!g) throw new Error('No 2D canvas on this browser');
  // A transparent PNG would turn black as JPEG: photos have no transparency worth keeping.
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

async function encodeAs(canvas: Canvas, type: string, quality: number): Promise<Blob | null> {
  if (canvas instanceof HTMLCanvasElement) return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
  return canvas.convertToBlob({ type, quality });
}

/** WebP where the browser writes it (it answers PNG when it cannot), else JPEG. */
async function encode(canvas: Canvas, quality: number): Promise<Blob> {
  const webp = await encodeAs(canvas, 'image/webp', quality);
  if (webp?.type === 'image/webp') return webp;
  const jpeg = await encodeAs(canvas, 'image/jpeg', quality);
  if (!jpeg) throw new Error('The browser could not encode the photo');
  return jpeg;
}

/** Whether a JPEG, PNG or WebP carries EXIF, XMP, IPTC or text metadata (anything else: assumed to). */
function carriesMetadata(bytes: Uint8Array, mime: string): boolean {
  const fourcc = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (mime === 'image/jpeg') {
    // Segments up to the image data: APP1 (EXIF, XMP), APP13 (IPTC) or a comment mean metadata.
    for (let i = 2; i + 4 <= bytes.length && bytes[i] === 0xff;) {
      const marker = bytes[i + 1]!;
      if (marker === 0xda) return false;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      if (marker === 0xe1 || marker === 0xed || marker === 0xfe) return true;
      i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
    }
    return true;
  }
  if (mime === 'image/png') {
    for (let i = 8; i + 8 <= bytes.length;) {
      const length = ((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!;
      const type = fourcc(i + 4);
      if (['eXIf', 'tEXt', 'iTXt', 'zTXt'].includes(type)) return true;
      if (type === 'IEND') return false;
      i += 12 + length;
    }
    return true;
  }
  if (mime === 'image/webp') {
    for (let i = 12; i + 8 <= bytes.length;) {
      const size = bytes[i + 4]! + (bytes[i + 5]! << 8) + (bytes[i + 6]! << 16) + ((bytes[i + 7]! << 24) >>> 0);
      if (['EXIF', 'XMP '].includes(fourcc(i))) return true;
      i += 8 + size + (size % 2);
    }
    return false;
  }
  return true;
}

/** `foto.jpg` → `foto.webp`, so the name says what the file now is. */
function renamed(name: string, type: string): string {
  const extension = type === 'image/webp' ? 'webp' : 'jpg';
  return `${name.replace(/\.[^./]*$/, '') || name}.${extension}`;
}

/**
 * The photo to send instead of `file` (whose content is `mime`): scaled to MAX_PHOTO_SIDE and
 * re-encoded without metadata. A photo already small is never made bigger: when encoding it anew does
 * not make it smaller, the original is sent — unless it carries metadata, which then goes at the cost of
 * a few bytes. A photo the browser cannot decode (HEIC outside Safari) is sent as it is.
 */
export async function resizePhoto(file: File, mime: string): Promise<File> {
  if (!REENCODED.has(mime)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = draw(bitmap, Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    let best = await encode(canvas, QUALITY);
    if (scale === 1 && best.size >= file.size) {
      const lighter = await encode(canvas, LIGHTER_QUALITY);
      if (lighter.size < best.size) best = lighter;
      if (best.size >= file.size && !carriesMetadata(new Uint8Array(await file.arrayBuffer()), mime)) return file;
    }
    return new File([best], renamed(file.name, best.type), { type: best.type, lastModified: file.lastModified });
  } catch {
    // Out of memory on a cheap phone, no canvas: the original still goes (the server checks its size).
    return file;
  } finally {
    bitmap.close();
  }
}
