/* Prints the NT hash of the password read from stdin, for a freerdp-shadow-cli SAM file, so
 * the tests never put a password on a command line (winpr-hash -p would). */
#include <stdio.h>
#include <string.h>

#include <winpr/ntlm.h>
#include <winpr/ssl.h>

int main(void)
{
	char pw[512];
	size_t n = fread(pw, 1, sizeof(pw) - 1, stdin);
	while (n && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		n--;
	pw[n] = '\0';
	BYTE hash[16];
	winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT); /* MD4 lives in OpenSSL 3's legacy provider */
	if (!NTOWFv1A(pw, (UINT32)n, hash))
		return 1;
	memset(pw, 0, sizeof(pw));
	for (int i = 0; i < 16; i++)
		printf("%02x", hash[i]);
	printf("\n");
	return 0;
}
