// libqrencode (Debian libqrencode-dev): QR code symbols for the sign's 「詳しくはこちら」 box.
#include <qrencode.h>
