//===- MlirText.cpp - checks on MLIR text before it is parsed -------------===//
#include "frontends/MlirText.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <string>

using namespace mlir;

namespace sslc {

LogicalResult checkMlirNesting(MLIRContext *ctx, StringRef text,
                               StringRef name) {
  // The open brackets, innermost last, and how many of each kind are open,
  // so that a closer that matches nothing open is skipped in constant time.
  std::string open;
  size_t openCount[4] = {0, 0, 0, 0};
  auto kind = [](char c) -> int {
    switch (c) {
    case '(':
    case ')':
      return 0;
    case '[':
    case ']':
      return 1;
    case '{':
    case '}':
      return 2;
    default:
      return 3;
    }
  };
  size_t deepest = 0, tooDeepAt = StringRef::npos;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    switch (c) {
    case '"':
      // A string literal ends at the next unescaped quote or at the end of
      // the line (where the parser reports it unterminated).
      for (++i; i < n && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      break;
    case '/':
      if (i + 1 < n && text[i + 1] == '/')
        while (i < n && text[i] != '\n')
          ++i;
      break;
    case '-':
      // `->` is one token, not a closing angle bracket.
      if (i + 1 < n && text[i + 1] == '>')
        ++i;
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      open.push_back(c);
      ++openCount[kind(c)];
      if (open.size() > deepest) {
        deepest = open.size();
        if (deepest > kMaxMlirNesting && tooDeepAt == StringRef::npos)
          tooDeepAt = i;
      }
      break;
    case '>':
      // Outside `< >` this is a comparison (`>=` in an integer set).
      if (!open.empty() && open.back() == '<') {
        open.pop_back();
        --openCount[3];
      }
      break;
    case ')':
    case ']':
    case '}':
      // A closer pops back to its opener; `<` left open inside (a `<=`)
      // goes with it. One that matches nothing open is the parser's error.
      if (openCount[kind(c)] == 0)
        break;
      for (;;) {
        char top = open.back();
        open.pop_back();
        --openCount[kind(top)];
        if (kind(top) == kind(c))
          break;
      }
      break;
    default:
      break;
    }
  }
  if (tooDeepAt == StringRef::npos)
    return success();
  StringRef before = text.take_front(tooDeepAt);
  unsigned line = 1 + static_cast<unsigned>(before.count('\n'));
  size_t lineStart = before.rfind('\n');
  unsigned column = static_cast<unsigned>(
      tooDeepAt - (lineStart == StringRef::npos ? 0 : lineStart + 1) + 1);
  return emitError(FileLineColLoc::get(ctx, name, line, column))
         << "brackets ( [ { < are nested " << deepest
         << " levels deep, more than the limit of " << kMaxMlirNesting;
}

} // namespace sslc
