// Renders the app icon (build/icon.svg) to the 512×512 PNG electron-builder takes for every platform
// (it derives .ico and .icns from it). Run after editing the SVG: `node scripts/render-icon.mjs`.
import sharp from 'sharp';

const size = 512;
await sharp('build/icon.svg', { density: 144 })
  .resize(size, size)
  .png({ compressionLevel: 9 })
  .toFile('build/icon.png');
console.log(`build/icon.png (${size}×${size}) rendu depuis build/icon.svg`);
