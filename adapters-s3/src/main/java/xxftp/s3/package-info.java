/** The storage port in an S3 bucket (see issue 3). */
package xxftp.s3;
