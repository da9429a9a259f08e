using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeriodicWorkLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiredAt",
                table: "EnrolmentCodes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeadlinePassedAt",
                table: "Deployments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnrolmentCodes_ExpiresAt",
                table: "EnrolmentCodes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments",
                column: "Deadline");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropIndex(
                name: "IX_EnrolmentCodes_ExpiresAt",
                table: "EnrolmentCodes");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "ExpiredAt",
                table: "EnrolmentCodes");

            migrationBuilder.DropColumn(
                name: "DeadlinePassedAt",
                table: "Deployments");
        }
    }
}
