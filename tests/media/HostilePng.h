#pragma once
// Hostile PNG files for tests, written byte by byte: a header declaring a huge picture
// over one compressed row (what a few-hundred-byte attack on a decoder looks like).

#include <png.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace rm::test {

// Appends a PNG chunk (length, type, data, CRC) to `out`.
inline void appendChunk(std::string& out, const char* type, const std::string& data) {
  auto be32 = [&](uint32_t v) {
    for (int shift : {24, 16, 8, 0})
      out.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  be32(static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  out += body;
  be32(static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// Writes a PNG whose header declares width x height but whose data holds one row of zeros:
// what a hostile file declaring a huge picture in a few hundred bytes looks like.
inline bool writeHugeHeaderPng(const std::string& path, uint32_t width, uint32_t height,
                               int colourType) {
  const int channels = colourType == PNG_COLOR_TYPE_RGB_ALPHA ? 4 : 1;
  std::string ihdr;
  for (uint32_t v : {width, height})
    for (int shift : {24, 16, 8, 0})
      ihdr.push_back(static_cast<char>((v >> shift) & 0xff));
  ihdr += std::string{8, static_cast<char>(colourType), 0, 0, 0};
  const std::string row(1 + size_t(width) * channels, '\0');
  std::string idat(compressBound(static_cast<uLong>(row.size())), '\0');
  uLongf packed = static_cast<uLongf>(idat.size());
  if (compress(reinterpret_cast<Bytef*>(idat.data()), &packed,
               reinterpret_cast<const Bytef*>(row.data()), static_cast<uLong>(row.size())) != Z_OK)
    return false;
  idat.resize(packed);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  appendChunk(png, "IHDR", ihdr);
  if (colourType == PNG_COLOR_TYPE_PALETTE)
    appendChunk(png, "PLTE", std::string("\0\0\0\x80\0\0", 6));
  appendChunk(png, "IDAT", idat);
  appendChunk(png, "IEND", "");
  std::ofstream file(path, std::ios::binary);
  file << png;
  return static_cast<bool>(file.flush());
}

}  // namespace rm::test
